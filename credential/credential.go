package credential

import (
	"fmt"
	"slices"
	"strconv"
)

// Well-known values of VCDM 2.0.
const (
	// ContextV2 is the base context; it MUST be the first @context item
	// (§4.3).
	ContextV2 = "https://www.w3.org/ns/credentials/v2"
	// TypeVerifiableCredential is the type every credential carries (§4.5).
	TypeVerifiableCredential = "VerifiableCredential"
	// TypeVerifiablePresentation is the type every presentation carries
	// (§4.5, §4.13).
	TypeVerifiablePresentation = "VerifiablePresentation"
	// TypeEnvelopedVerifiableCredential marks a credential secured by an
	// enveloping mechanism and carried as a data: URL (§4.13).
	TypeEnvelopedVerifiableCredential = "EnvelopedVerifiableCredential"
)

// Context is one item of an @context ordered set: a URL or an embedded
// JSON-LD context object.
type Context struct {
	URL    string
	Object map[string]any // non-nil for an embedded context
}

// LangValue is a string with an optional language tag and base direction,
// the "language value object" of VCDM 2.0 §11.1 ({"@value", "@language",
// "@direction"}).
type LangValue struct {
	Value     string
	Language  string
	Direction string // "ltr" or "rtl" when present
	present   fieldSet
}

// fieldSet records which string members were present when decoded, so an
// empty but present member is written back instead of dropped.
type fieldSet uint16

// has reports whether the member with bit is written: non-empty or decoded.
func (f fieldSet) has(bit fieldSet, v string) bool { return v != "" || f&bit != 0 }

// Text is the value of name or description (§4.6): a plain string or one or
// more language value objects.
type Text struct {
	Values []LangValue
	form   textForm
}

type textForm uint8

const (
	textDefault textForm = iota // string when possible, else object or array
	textObject                  // a single language value object
	textArray                   // an array of language value objects
)

// PlainText returns a Text holding the plain string s.
func PlainText(s string) Text { return Text{Values: []LangValue{{Value: s}}} }

// IsZero reports whether t holds no value.
func (t Text) IsZero() bool { return len(t.Values) == 0 }

// String returns the first value, or "".
func (t Text) String() string {
	if len(t.Values) == 0 {
		return ""
	}
	return t.Values[0].Value
}

// Issuer is the issuer of a credential (§4.7) or, in a presentation, its
// holder (§4.13): a URL, or an object with a URL id and further members.
type Issuer struct {
	ID          string
	Name        Text
	Description Text
	Extensions  map[string]any
	object      bool
	hasID       bool
}

// IsObject reports whether the issuer is written as an object rather than
// a bare URL. It is an object when it was decoded as one or has members
// beyond its id.
func (i Issuer) IsObject() bool {
	return i.object || !i.Name.IsZero() || !i.Description.IsZero() || len(i.Extensions) > 0
}

// AsObject returns i marked to be written as an object even if it has no
// members besides id.
func (i Issuer) AsObject() Issuer { i.object = true; return i }

// Status is one credentialStatus entry (§4.10) with the members Bitstring
// Status List v1.0 §2.1 defines for a BitstringStatusListEntry.
type Status struct {
	ID                   string
	Type                 string
	StatusPurpose        string
	StatusListIndex      string
	StatusListCredential string
	StatusSize           int // 0 when absent (Bitstring Status List: 1)
	StatusMessage        []StatusMessage
	Extensions           map[string]any
	present              fieldSet
}

// StatusMessage is one statusMessage item of a BitstringStatusListEntry.
type StatusMessage struct {
	Status     string // a hexadecimal status value such as "0x1"
	Message    string
	Extensions map[string]any
	present    fieldSet
}

// Schema is one credentialSchema entry (§4.11), for example
// {"id": "https://.../resident-card.json", "type": "JsonSchema"}.
type Schema struct {
	ID         string
	Type       string
	Extensions map[string]any
	present    fieldSet
}

// Credential is a credential in the Verifiable Credentials Data Model v2.0
// (§4.2). Members this package does not know are kept in Extensions and
// written back unchanged, so a decoded credential re-encodes to the same
// JSON value (member order and white space aside).
type Credential struct {
	Context           []Context
	ID                string
	Type              []string
	Name              Text
	Description       Text
	Issuer            Issuer
	ValidFrom         string // an XML Schema dateTimeStamp, see ParseDateTimeStamp
	ValidUntil        string
	CredentialSubject []map[string]any
	CredentialStatus  []Status
	CredentialSchema  []Schema
	RefreshService    []map[string]any // §5.4
	TermsOfUse        []map[string]any // §5.5
	Evidence          []map[string]any // §5.6
	// Proof is an embedded proof (VC Data Integrity). Credentials secured by
	// an enveloping mechanism (vc+jwt, SD-JWT) have none.
	Proof      any
	Extensions map[string]any

	scalars scalarSet
}

// scalarSet remembers which one-or-many members were decoded as a single
// value rather than an array, so they are written back the same way.
// It also remembers string members that were present but empty, so that
// they are written back rather than dropped.
type scalarSet uint32

const (
	scContext scalarSet = 1 << iota
	scType
	scSubject
	scStatus
	scSchema
	scRefresh
	scTerms
	scEvidence
	scVC
	scHolder
	hasID     // "id" was present
	hasIssuer // "issuer" was present
	hasValidFrom
	hasValidUntil
)

// has reports whether a string member is written: it is non-empty or was
// decoded (possibly empty).
func (s scalarSet) has(bit scalarSet, v string) bool { return v != "" || s&bit != 0 }

// many reports whether a member with n items is written as an array.
func (s scalarSet) many(bit scalarSet, n int) bool { return n != 1 || s&bit == 0 }

// HasType reports whether t is one of c's types.
func (c *Credential) HasType(t string) bool { return slices.Contains(c.Type, t) }

// IsEnveloped reports whether c is an EnvelopedVerifiableCredential object
// (§4.13) rather than a credential.
func (c *Credential) IsEnveloped() bool { return c.HasType(TypeEnvelopedVerifiableCredential) }

// NewEnveloped returns an EnvelopedVerifiableCredential object carrying a
// secured credential as data:<mediaType>,<data> (§4.13; VC-JOSE-COSE §3.1.2
// for mediaType application/vc+jwt). data must be URL-safe, as a compact
// JWS is.
func NewEnveloped(mediaType, data string) *Credential {
	return &Credential{
		Context: []Context{{URL: ContextV2}},
		ID:      "data:" + mediaType + "," + data,
		Type:    []string{TypeEnvelopedVerifiableCredential},
	}
}

// ParseCredential decodes a credential from JSON. It rejects malformed JSON,
// duplicate member names at any depth, documents over MaxDocumentSize or
// MaxDepth, and known members of the wrong JSON kind (those failures wrap the
// rule sentinel of the member, e.g. ErrIssuerNotURL for a numeric issuer). It
// does not check the data model's rules: call Check.
func ParseCredential(data []byte) (*Credential, error) {
	c := &Credential{}
	if err := decodeDocument(data, c.decode); err != nil {
		return nil, err
	}
	return c, nil
}

// UnmarshalJSON decodes like ParseCredential.
func (c *Credential) UnmarshalJSON(data []byte) error {
	d, err := ParseCredential(data)
	if err != nil {
		return err
	}
	*c = *d
	return nil
}

func kindErr(rule error, path string, r *reader) error {
	return ruleErr(rule, path, "got "+r.kind())
}

// str reads a string member; another kind is a violation of rule.
func (r *reader) str(rule error, path string) (string, error) {
	if r.Peek() != '"' {
		return "", kindErr(rule, path, r)
	}
	return r.String()
}

// oneOrMany reads a single value or an array of values, calling item for
// each. It reports whether the value was a single one.
func (r *reader) oneOrMany(item func(i int) error) (scalar bool, err error) {
	if r.Peek() == '[' {
		return false, r.Array(item)
	}
	return true, item(0)
}

func idx(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func (c *Credential) decode(r *reader) error {
	var err error
	return r.Object(func(name []byte) error {
		switch string(name) {
		case "@context":
			err = decodeContext(r, &c.Context, &c.scalars)
		case "id":
			c.ID, err = r.str(ErrIDNotURL, "id")
			c.scalars |= hasID
		case "type":
			c.Type, err = r.types(&c.scalars, scType, "type")
		case "name":
			c.Name, err = r.text(ErrName, "name")
		case "description":
			c.Description, err = r.text(ErrDescription, "description")
		case "issuer":
			c.Issuer, err = r.issuer(ErrIssuerNotURL, "issuer")
			c.scalars |= hasIssuer
		case "validFrom":
			c.ValidFrom, err = r.str(ErrValidFrom, "validFrom")
			c.scalars |= hasValidFrom
		case "validUntil":
			c.ValidUntil, err = r.str(ErrValidUntil, "validUntil")
			c.scalars |= hasValidUntil
		case "credentialSubject":
			c.CredentialSubject, err = r.objects(&c.scalars, scSubject, ErrSubjectClaims, "credentialSubject")
		case "credentialStatus":
			err = c.decodeStatus(r)
		case "credentialSchema":
			err = c.decodeSchema(r)
		case "refreshService":
			c.RefreshService, err = r.objects(&c.scalars, scRefresh, ErrRefreshServiceType, "refreshService")
		case "termsOfUse":
			c.TermsOfUse, err = r.objects(&c.scalars, scTerms, ErrTermsOfUseType, "termsOfUse")
		case "evidence":
			c.Evidence, err = r.objects(&c.scalars, scEvidence, ErrEvidenceType, "evidence")
		case "proof":
			c.Proof, err = r.Value()
		default:
			err = r.extension(&c.Extensions, name)
		}
		return err
	})
}

func decodeContext(r *reader, dst *[]Context, sc *scalarSet) error {
	*dst = []Context{}
	scalar, err := r.oneOrMany(func(i int) error {
		switch r.Peek() {
		case '"':
			s, err := r.String()
			*dst = append(*dst, Context{URL: s})
			return err
		case '{':
			v, err := r.Value()
			m, _ := v.(map[string]any)
			*dst = append(*dst, Context{Object: m})
			return err
		}
		return kindErr(ErrContextItem, idx("@context", i), r)
	})
	if scalar {
		*sc |= scContext
	}
	return err
}

// types reads a type value: a string or an array of strings (§4.5).
func (r *reader) types(sc *scalarSet, bit scalarSet, path string) ([]string, error) {
	var out []string
	scalar, err := r.oneOrMany(func(i int) error {
		s, err := r.str(ErrTypeValue, idx(path, i))
		out = append(out, s)
		return err
	})
	if scalar {
		*sc |= bit
	}
	if out == nil && err == nil {
		out = []string{}
	}
	return out, err
}

// text reads name or description (§4.6, §11.1).
func (r *reader) text(rule error, path string) (Text, error) {
	var t Text
	switch r.Peek() {
	case '"':
		s, err := r.String()
		t.Values = []LangValue{{Value: s}}
		return t, err
	case '{':
		t.form = textObject
		v, err := r.langValue(rule, path)
		t.Values = []LangValue{v}
		return t, err
	case '[':
		t.form = textArray
		t.Values = []LangValue{}
		err := r.Array(func(i int) error {
			v, err := r.langValue(rule, idx(path, i))
			t.Values = append(t.Values, v)
			return err
		})
		return t, err
	}
	return t, kindErr(rule, path, r)
}

// langValue reads a language value object: @value is required, @language
// and @direction optional, and nothing else is allowed (VCDM 2.0 §11.1).
func (r *reader) langValue(rule error, path string) (LangValue, error) {
	var v LangValue
	hasValue := false
	if r.Peek() != '{' {
		return v, kindErr(rule, path, r)
	}
	err := r.Object(func(name []byte) error {
		var err error
		switch string(name) {
		case "@value":
			v.Value, err = r.str(rule, path+".@value")
			hasValue = true
		case "@language":
			v.Language, err = r.str(rule, path+".@language")
			v.present |= 1
		case "@direction":
			v.Direction, err = r.str(rule, path+".@direction")
			v.present |= 2
		default:
			err = ruleErr(rule, path, "unexpected member "+strconv.Quote(string(name)))
		}
		return err
	})
	if err == nil && !hasValue {
		err = ruleErr(rule, path, "no @value")
	}
	if err == nil && v.Direction != "" && v.Direction != "ltr" && v.Direction != "rtl" {
		err = ruleErr(rule, path, "@direction must be ltr or rtl")
	}
	return v, err
}

// issuer reads an issuer or holder: a string or an object with an id.
func (r *reader) issuer(rule error, path string) (Issuer, error) {
	var is Issuer
	switch r.Peek() {
	case '"':
		var err error
		is.ID, err = r.String()
		return is, err
	case '{':
		is.object = true
		err := r.Object(func(name []byte) error {
			var err error
			switch string(name) {
			case "id":
				is.ID, err = r.str(rule, path+".id")
				is.hasID = true
			case "name":
				is.Name, err = r.text(ErrName, path+".name")
			case "description":
				is.Description, err = r.text(ErrDescription, path+".description")
			default:
				err = r.extension(&is.Extensions, name)
			}
			return err
		})
		return is, err
	}
	return is, kindErr(rule, path, r)
}

// objects reads one object or an array of objects into generic maps; a
// non-object item violates rule.
func (r *reader) objects(sc *scalarSet, bit scalarSet, rule error, path string) ([]map[string]any, error) {
	out := []map[string]any{}
	scalar, err := r.oneOrMany(func(i int) error {
		if r.Peek() != '{' {
			return kindErr(rule, idx(path, i), r)
		}
		v, err := r.Value()
		m, _ := v.(map[string]any)
		out = append(out, m)
		return err
	})
	if scalar {
		*sc |= bit
	}
	return out, err
}

func (c *Credential) decodeStatus(r *reader) error {
	c.CredentialStatus = []Status{}
	scalar, err := r.oneOrMany(func(i int) error {
		path := idx("credentialStatus", i)
		if r.Peek() != '{' {
			return kindErr(ErrStatusType, path, r)
		}
		var s Status
		err := r.Object(func(name []byte) error {
			var err error
			switch string(name) {
			case "id":
				s.ID, err = r.str(ErrStatusID, path+".id")
				s.present |= 1
			case "type":
				s.Type, err = r.str(ErrStatusType, path+".type")
				s.present |= 2
			case "statusPurpose":
				s.StatusPurpose, err = r.plainStr(path + ".statusPurpose")
				s.present |= 4
			case "statusListIndex":
				s.StatusListIndex, err = r.plainStr(path + ".statusListIndex")
				s.present |= 8
			case "statusListCredential":
				s.StatusListCredential, err = r.plainStr(path + ".statusListCredential")
				s.present |= 16
			case "statusSize":
				s.StatusSize, err = r.positiveInt(path + ".statusSize")
			case "statusMessage":
				s.StatusMessage, err = r.statusMessages(path + ".statusMessage")
			default:
				err = r.extension(&s.Extensions, name)
			}
			return err
		})
		c.CredentialStatus = append(c.CredentialStatus, s)
		return err
	})
	if scalar {
		c.scalars |= scStatus
	}
	return err
}

// plainStr reads a string member that no VCDM rule covers; another kind is
// malformed.
func (r *reader) plainStr(path string) (string, error) {
	if r.Peek() != '"' {
		return "", fmt.Errorf("%w: %s must be a string, got %s", ErrMalformed, path, r.kind())
	}
	return r.String()
}

// positiveInt reads a JSON integer >= 1 that fits an int32.
func (r *reader) positiveInt(path string) (int, error) {
	bad := fmt.Errorf("%w: %s must be a positive integer", ErrMalformed, path)
	c := r.Peek()
	if c < '0' || c > '9' {
		return 0, bad
	}
	n, err := r.Number()
	if err != nil {
		return 0, err
	}
	v, perr := strconv.ParseInt(string(n), 10, 32)
	if perr != nil || v < 1 {
		return 0, bad
	}
	return int(v), nil
}

func (r *reader) statusMessages(path string) ([]StatusMessage, error) {
	if r.Peek() != '[' {
		return nil, fmt.Errorf("%w: %s must be an array", ErrMalformed, path)
	}
	out := []StatusMessage{}
	err := r.Array(func(i int) error {
		p := idx(path, i)
		if r.Peek() != '{' {
			return fmt.Errorf("%w: %s must be an object", ErrMalformed, p)
		}
		var m StatusMessage
		err := r.Object(func(name []byte) error {
			var err error
			switch string(name) {
			case "status":
				m.Status, err = r.plainStr(p + ".status")
				m.present |= 1
			case "message":
				m.Message, err = r.plainStr(p + ".message")
				m.present |= 2
			default:
				err = r.extension(&m.Extensions, name)
			}
			return err
		})
		out = append(out, m)
		return err
	})
	return out, err
}

func (c *Credential) decodeSchema(r *reader) error {
	c.CredentialSchema = []Schema{}
	scalar, err := r.oneOrMany(func(i int) error {
		path := idx("credentialSchema", i)
		if r.Peek() != '{' {
			return kindErr(ErrSchemaType, path, r)
		}
		var s Schema
		err := r.Object(func(name []byte) error {
			var err error
			switch string(name) {
			case "id":
				s.ID, err = r.str(ErrSchemaID, path+".id")
				s.present |= 1
			case "type":
				s.Type, err = r.str(ErrSchemaType, path+".type")
				s.present |= 2
			default:
				err = r.extension(&s.Extensions, name)
			}
			return err
		})
		c.CredentialSchema = append(c.CredentialSchema, s)
		return err
	})
	if scalar {
		c.scalars |= scSchema
	}
	return err
}

// --- encoding ---

// MarshalJSON encodes c with its members in the order of VCDM 2.0 §4.2,
// then the rest sorted by name. Empty members are omitted, unless they were
// decoded empty.
func (c Credential) MarshalJSON() ([]byte, error) {
	w := &writer{buf: make([]byte, 0, 1024)}
	c.write(w)
	if w.err != nil {
		return nil, w.err
	}
	return w.buf, nil
}

// member starts a member; first tracks whether a comma is needed.
func (w *writer) member(first *bool, name string) {
	if !*first {
		w.raw(",")
	}
	*first = false
	w.str(name)
	w.raw(":")
}

func (c *Credential) write(w *writer) {
	w.raw("{")
	first := true
	if c.Context != nil {
		w.member(&first, "@context")
		writeContext(w, c.Context, c.scalars)
	}
	if c.scalars.has(hasID, c.ID) {
		w.member(&first, "id")
		w.str(c.ID)
	}
	if c.Type != nil {
		w.member(&first, "type")
		writeStrings(w, c.Type, c.scalars.many(scType, len(c.Type)))
	}
	if !c.Name.IsZero() {
		w.member(&first, "name")
		writeText(w, c.Name)
	}
	if !c.Description.IsZero() {
		w.member(&first, "description")
		writeText(w, c.Description)
	}
	if c.scalars.has(hasIssuer, c.Issuer.ID) || c.Issuer.IsObject() {
		w.member(&first, "issuer")
		writeIssuer(w, c.Issuer)
	}
	if c.scalars.has(hasValidFrom, c.ValidFrom) {
		w.member(&first, "validFrom")
		w.str(c.ValidFrom)
	}
	if c.scalars.has(hasValidUntil, c.ValidUntil) {
		w.member(&first, "validUntil")
		w.str(c.ValidUntil)
	}
	if c.CredentialSubject != nil {
		w.member(&first, "credentialSubject")
		writeObjects(w, c.CredentialSubject, c.scalars.many(scSubject, len(c.CredentialSubject)))
	}
	if c.CredentialStatus != nil {
		w.member(&first, "credentialStatus")
		many := c.scalars.many(scStatus, len(c.CredentialStatus))
		if many {
			w.raw("[")
		}
		for i, s := range c.CredentialStatus {
			if i > 0 {
				w.raw(",")
			}
			writeStatus(w, s)
		}
		if many {
			w.raw("]")
		}
	}
	if c.CredentialSchema != nil {
		w.member(&first, "credentialSchema")
		many := c.scalars.many(scSchema, len(c.CredentialSchema))
		if many {
			w.raw("[")
		}
		for i, s := range c.CredentialSchema {
			if i > 0 {
				w.raw(",")
			}
			w.raw("{")
			f := true
			if s.present.has(1, s.ID) {
				w.member(&f, "id")
				w.str(s.ID)
			}
			if s.present.has(2, s.Type) {
				w.member(&f, "type")
				w.str(s.Type)
			}
			w.members(s.Extensions, f)
			w.raw("}")
		}
		if many {
			w.raw("]")
		}
	}
	if c.RefreshService != nil {
		w.member(&first, "refreshService")
		writeObjects(w, c.RefreshService, c.scalars.many(scRefresh, len(c.RefreshService)))
	}
	if c.TermsOfUse != nil {
		w.member(&first, "termsOfUse")
		writeObjects(w, c.TermsOfUse, c.scalars.many(scTerms, len(c.TermsOfUse)))
	}
	if c.Evidence != nil {
		w.member(&first, "evidence")
		writeObjects(w, c.Evidence, c.scalars.many(scEvidence, len(c.Evidence)))
	}
	if c.Proof != nil {
		w.member(&first, "proof")
		w.value(c.Proof)
	}
	w.members(c.Extensions, first)
	w.raw("}")
}

func writeContext(w *writer, ctx []Context, sc scalarSet) {
	many := sc.many(scContext, len(ctx))
	if many {
		w.raw("[")
	}
	for i, x := range ctx {
		if i > 0 {
			w.raw(",")
		}
		if x.Object != nil {
			w.value(x.Object)
		} else {
			w.str(x.URL)
		}
	}
	if many {
		w.raw("]")
	}
}

func writeStrings(w *writer, s []string, many bool) {
	if !many {
		w.str(s[0])
		return
	}
	w.value(s)
}

func writeObjects(w *writer, objs []map[string]any, many bool) {
	if many {
		w.raw("[")
	}
	for i, o := range objs {
		if i > 0 {
			w.raw(",")
		}
		if o == nil {
			w.raw("{}")
			continue
		}
		w.value(o)
	}
	if many {
		w.raw("]")
	}
}

func writeText(w *writer, t Text) {
	if t.form == textDefault && len(t.Values) == 1 && !t.Values[0].present.has(1, t.Values[0].Language) && !t.Values[0].present.has(2, t.Values[0].Direction) {
		w.str(t.Values[0].Value)
		return
	}
	many := t.form == textArray || len(t.Values) != 1
	if many {
		w.raw("[")
	}
	for i, v := range t.Values {
		if i > 0 {
			w.raw(",")
		}
		w.raw(`{"@value":`)
		w.str(v.Value)
		if v.present.has(1, v.Language) {
			w.raw(`,"@language":`)
			w.str(v.Language)
		}
		if v.present.has(2, v.Direction) {
			w.raw(`,"@direction":`)
			w.str(v.Direction)
		}
		w.raw("}")
	}
	if many {
		w.raw("]")
	}
}

func writeIssuer(w *writer, is Issuer) {
	if !is.IsObject() {
		w.str(is.ID)
		return
	}
	w.raw("{")
	first := true
	if is.ID != "" || is.hasID {
		w.member(&first, "id")
		w.str(is.ID)
	}
	if !is.Name.IsZero() {
		w.member(&first, "name")
		writeText(w, is.Name)
	}
	if !is.Description.IsZero() {
		w.member(&first, "description")
		writeText(w, is.Description)
	}
	w.members(is.Extensions, first)
	w.raw("}")
}

func writeStatus(w *writer, s Status) {
	w.raw("{")
	f := true
	if s.present.has(1, s.ID) {
		w.member(&f, "id")
		w.str(s.ID)
	}
	if s.present.has(2, s.Type) {
		w.member(&f, "type")
		w.str(s.Type)
	}
	if s.present.has(4, s.StatusPurpose) {
		w.member(&f, "statusPurpose")
		w.str(s.StatusPurpose)
	}
	if s.present.has(8, s.StatusListIndex) {
		w.member(&f, "statusListIndex")
		w.str(s.StatusListIndex)
	}
	if s.present.has(16, s.StatusListCredential) {
		w.member(&f, "statusListCredential")
		w.str(s.StatusListCredential)
	}
	if s.StatusSize != 0 {
		w.member(&f, "statusSize")
		w.buf = strconv.AppendInt(w.buf, int64(s.StatusSize), 10)
	}
	if s.StatusMessage != nil {
		w.member(&f, "statusMessage")
		w.raw("[")
		for i, m := range s.StatusMessage {
			if i > 0 {
				w.raw(",")
			}
			w.raw("{")
			mf := true
			if m.present.has(1, m.Status) {
				w.member(&mf, "status")
				w.str(m.Status)
			}
			if m.present.has(2, m.Message) {
				w.member(&mf, "message")
				w.str(m.Message)
			}
			w.members(m.Extensions, mf)
			w.raw("}")
		}
		w.raw("]")
	}
	w.members(s.Extensions, f)
	w.raw("}")
}
