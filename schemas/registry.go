package schemas

import (
	"bytes"
	"embed"
	"io/fs"
	"slices"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// typesFS holds one folder per credential type, named for its ID, with a
// schema.json and a metadata.json. It is read-only.
//
//go:embed types
var typesFS embed.FS

// Registry is the set of the district's credential types. It does not
// change after Load and is safe for concurrent use.
type Registry struct {
	types []*Type // sorted by ID
	byID  map[string]*Type
	byVCT map[string]*Type
}

// Load parses, checks and compiles every embedded credential type. It
// fails if a schema or metadata document is malformed, if the two disagree
// (a claim in one and not the other, a mandatory claim the schema does not
// require, enum values without labels, a vct that is not the type's), or if
// a schema leaves a claim unbounded. The error wraps ErrBadDefinition.
//
// Load compiles six schemas; call it once at start-up and share the
// Registry.
func Load() (*Registry, error) {
	sub, err := fs.Sub(typesFS, "types")
	if err != nil {
		return nil, err
	}
	return load(sub)
}

// Types returns every type, sorted by ID. The slice is the caller's.
func (r *Registry) Types() []*Type {
	return slices.Clone(r.types)
}

// ByID returns the type with the given ID ("resident-id").
func (r *Registry) ByID(id string) (*Type, bool) {
	t, ok := r.byID[id]
	return t, ok
}

// ByVCT returns the type whose vct is the given one
// ("urn:cachet:vct:resident-id:1").
func (r *Registry) ByVCT(vct string) (*Type, bool) {
	t, ok := r.byVCT[vct]
	return t, ok
}

// Type is one credential type: its schema, its Type Metadata and a
// validator for its claims. Treat the exported fields as read-only; the
// methods answer from a private copy.
type Type struct {
	// ID names the type in URLs and in the ledger ("resident-id").
	ID string
	// VCT is the SD-JWT VC type ("urn:cachet:vct:resident-id:1").
	VCT string
	// Metadata is the parsed metadata.json.
	Metadata Metadata

	meta         Metadata // the copy the methods read
	schemaID     string
	schemaJSON   []byte
	metadataJSON []byte
	digest       string
	integrity    string
	root         *node
	schema       *jsonschema.Schema
	idChecks     []idCheck
}

// SchemaJSON returns the schema document exactly as embedded (and as
// hashed by SchemaDigest).
func (t *Type) SchemaJSON() []byte { return bytes.Clone(t.schemaJSON) }

// SchemaID returns the schema's $id ("urn:cachet:schema:resident-id:1").
func (t *Type) SchemaID() string { return t.schemaID }

// SchemaDigest returns "sha256-" and the unpadded base64url SHA-256 of
// SchemaJSON, the key of the schema in the ledger's schema registry. It is
// over the exact bytes: reformatting a schema file changes it, so a change
// to a file is a new version of the type.
func (t *Type) SchemaDigest() string { return t.digest }

// MetadataJSON returns the Type Metadata document exactly as embedded, to
// serve to wallets and verifiers.
func (t *Type) MetadataJSON() []byte { return bytes.Clone(t.metadataJSON) }

// MetadataIntegrity returns the W3C Subresource Integrity string
// ("sha256-" and padded standard base64) of MetadataJSON, the value of the
// "vct#integrity" claim (draft-ietf-oauth-sd-jwt-vc, Section 7 "Document
// Integrity").
func (t *Type) MetadataIntegrity() string { return t.integrity }

// Name returns the type's name for end users in the locale that best fits
// lang ("zh-CN", "zh", "en-GB"), falling back to English.
func (t *Type) Name(lang string) string {
	locales := make([]string, len(t.meta.Display))
	for i := range t.meta.Display {
		locales[i] = t.meta.Display[i].Locale
	}
	if i := bestLocale(locales, lang); i >= 0 {
		return t.meta.Display[i].Name
	}
	return t.meta.Name
}

// Label returns the label of the claim at claimPath in the locale that best
// fits lang, falling back to English; "" if the type has no such claim. In
// claimPath an array position may be AllElements or a decimal index
// (["test_items", "0", "result"]).
func (t *Type) Label(claimPath []string, lang string) string {
	c := t.claim(claimPath)
	if c == nil {
		return ""
	}
	return label(c.Display, lang)
}

// ValueLabel returns the label of one value of the enumerated claim at
// claimPath ("male" is 男 in zh-CN), or "" if the claim or the value is
// unknown.
func (t *Type) ValueLabel(claimPath []string, value, lang string) string {
	c := t.claim(claimPath)
	if c == nil {
		return ""
	}
	for i := range c.Values {
		if c.Values[i].Value == value {
			return label(c.Values[i].Display, lang)
		}
	}
	return ""
}

// SelectivelyDisclosable returns the paths of the claims whose sd is not
// "never", in metadata order, with AllElements for an array position. The
// slices are the caller's.
func (t *Type) SelectivelyDisclosable() [][]string {
	var out [][]string
	for i := range t.meta.Claims {
		if t.meta.Claims[i].SD != SDNever {
			out = append(out, slices.Clone([]string(t.meta.Claims[i].Path)))
		}
	}
	return out
}

// claim returns the metadata of the claim at q, or nil.
func (t *Type) claim(q []string) *ClaimMetadata {
	for i := range t.meta.Claims {
		if t.meta.Claims[i].Path.matches(q) {
			return &t.meta.Claims[i]
		}
	}
	return nil
}
