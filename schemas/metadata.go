package schemas

import (
	"encoding/json"
	"errors"
	"strings"
)

// Metadata is an SD-JWT VC Type Metadata document
// (draft-ietf-oauth-sd-jwt-vc, Section 6.2 "Type Metadata Format").
type Metadata struct {
	// VCT is the type this document describes.
	VCT string `json:"vct"`
	// Name and Description are for developers reading the document.
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	// Display holds the type's name for end users, one entry per locale
	// (Section 8 "Display Metadata").
	Display []TypeDisplay `json:"display,omitempty"`
	// Claims describes each claim, in the order a form or a wallet shows
	// them (Section 9 "Claim Metadata").
	Claims []ClaimMetadata `json:"claims,omitempty"`
}

// TypeDisplay is one locale's display entry of a type (Section 8).
type TypeDisplay struct {
	// Locale is a language tag of RFC 5646 ("zh-CN", "en").
	Locale      string `json:"locale"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// ClaimMetadata describes the claim (or, through AllElements, the claims)
// at Path (Section 9).
type ClaimMetadata struct {
	Path    ClaimPath      `json:"path"`
	Display []ClaimDisplay `json:"display,omitempty"`
	// SD says whether the issuer makes the claim selectively disclosable
	// (Section 9.4). Every claim of the district's types states it.
	SD SDPolicy `json:"sd,omitempty"`
	// Mandatory is true when the issuer must include the claim (Section
	// 9.3). Load checks it equals the schema's required.
	Mandatory bool `json:"mandatory,omitempty"`
	// Values labels each value of an enumerated claim in every locale. It
	// is a Cachet extension (Section 6.2 lets a document carry members a
	// consumer does not understand); Load checks it lists exactly the
	// schema's enum.
	Values []ValueMetadata `json:"x-cachet-values,omitempty"`
}

// ClaimDisplay is one locale's label of a claim (Section 9.2).
type ClaimDisplay struct {
	Locale      string `json:"locale"`
	Label       string `json:"label"`
	Description string `json:"description,omitempty"`
}

// ValueMetadata labels one value of an enumerated claim.
type ValueMetadata struct {
	Value   string         `json:"value"`
	Display []ClaimDisplay `json:"display"`
}

// SDPolicy is the "sd" of a claim (Section 9.4).
type SDPolicy string

// The values of SDPolicy.
const (
	// SDAlways: the issuer must make the claim selectively disclosable.
	SDAlways SDPolicy = "always"
	// SDAllowed: the issuer may make the claim selectively disclosable.
	SDAllowed SDPolicy = "allowed"
	// SDNever: the issuer must not make the claim selectively disclosable.
	SDNever SDPolicy = "never"
)

// AllElements stands in a ClaimPath for the null of a Type Metadata claim
// path: every element of the array selected so far (Section 9.1 "Claim
// Path"). It cannot clash with a claim name, which Load restricts to
// snake_case.
const AllElements = "*"

// ClaimPath is the path of a claim (Section 9.1): member names, with
// AllElements for a null. In JSON it is an array of strings and nulls. The
// non-negative integers the draft also allows are not used by the
// district's types and are refused.
type ClaimPath []string

// errPathElement is returned when a claim path holds the AllElements
// string itself or an integer.
var errPathElement = errors.New("schemas: claim path elements must be strings or null")

// MarshalJSON writes AllElements as null.
func (p ClaimPath) MarshalJSON() ([]byte, error) {
	out := make([]*string, len(p))
	for i := range p {
		if p[i] != AllElements {
			out[i] = &p[i]
		}
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads null as AllElements.
func (p *ClaimPath) UnmarshalJSON(data []byte) error {
	var raw []*string
	if err := json.Unmarshal(data, &raw); err != nil {
		return errPathElement
	}
	out := make(ClaimPath, len(raw))
	for i, s := range raw {
		switch {
		case s == nil:
			out[i] = AllElements
		case *s == AllElements:
			return errPathElement
		default:
			out[i] = *s
		}
	}
	*p = out
	return nil
}

// String writes the path as in the draft's examples: ["a", null, "b"].
func (p ClaimPath) String() string {
	b, _ := p.MarshalJSON()
	return string(b)
}

// matches reports whether the metadata path p addresses the claim at q. In
// q, an array position may be a decimal index or AllElements; both match a
// null (AllElements) of p.
func (p ClaimPath) matches(q []string) bool {
	if len(p) != len(q) {
		return false
	}
	for i := range p {
		if p[i] == AllElements {
			if q[i] != AllElements && !isIndex(q[i]) {
				return false
			}
			continue
		}
		if p[i] != q[i] {
			return false
		}
	}
	return true
}

// isIndex reports whether s is a non-negative decimal array index.
func isIndex(s string) bool {
	if s == "" || len(s) > 9 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// bestLocale returns the index in locales that best fits the language tag
// lang: the same tag (case and "_" against "-" ignored), else the same
// primary language ("zh" or "zh-TW" finds "zh-CN"), else "en", else the
// first. It returns -1 only for an empty list.
func bestLocale(locales []string, lang string) int {
	if len(locales) == 0 {
		return -1
	}
	want := normTag(lang)
	for i, l := range locales {
		if normTag(l) == want {
			return i
		}
	}
	primary := primaryTag(want)
	for i, l := range locales {
		if primaryTag(normTag(l)) == primary {
			return i
		}
	}
	for i, l := range locales {
		if primaryTag(normTag(l)) == "en" {
			return i
		}
	}
	return 0
}

func normTag(t string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(t), "_", "-"))
}

func primaryTag(t string) string {
	if i := strings.IndexByte(t, '-'); i >= 0 {
		return t[:i]
	}
	return t
}

// claimLocales lists the locales of a claim's display entries.
func claimLocales(d []ClaimDisplay) []string {
	out := make([]string, len(d))
	for i := range d {
		out[i] = d[i].Locale
	}
	return out
}

// label returns the best label of d for lang, or "".
func label(d []ClaimDisplay, lang string) string {
	if i := bestLocale(claimLocales(d), lang); i >= 0 {
		return d[i].Label
	}
	return ""
}
