package credential

import (
	"errors"
	"strings"
	"time"
)

// Check enforces the normative statements of the Verifiable Credentials Data
// Model v2.0 (W3C Recommendation, 15 May 2025) that apply to a credential
// document, in the order the specification states them, and returns the
// first violation as a *RuleError wrapping its ErrX sentinel. Rules a
// document alone cannot decide (whether a JSON-LD context is processable,
// whether a term is defined by a context) are left to the securing and
// validation layers.
func (c *Credential) Check() error {
	if err := checkContext(c.Context, "@context"); err != nil {
		return err
	}
	// §4.4 Identifiers: "The id property is OPTIONAL. If present, id
	// property's value MUST be a single URL, which MAY be dereferenceable."
	if c.scalars.has(hasID, c.ID) && !IsURL(c.ID) {
		return ruleErr(ErrIDNotURL, "id", c.ID)
	}
	// §4.5 Types: "Verifiable credentials and verifiable presentations MUST
	// contain a type property with an associated value." ... the table of
	// objects that MUST have a type: "VerifiableCredential and, optionally, a
	// more specific verifiable credential type".
	if err := checkTypes(c.Type, "type"); err != nil {
		return err
	}
	if !c.HasType(TypeVerifiableCredential) {
		return ruleErr(ErrTypeNoVC, "type", "")
	}
	// §4.6 Names and Descriptions: "If present, the value of the name
	// property MUST be a string or a language value object as described in
	// 11.1 Language and Base Direction." (the same for description)
	if err := checkText(c.Name, ErrName, "name"); err != nil {
		return err
	}
	if err := checkText(c.Description, ErrDescription, "description"); err != nil {
		return err
	}
	// §4.7 Issuer: "A verifiable credential MUST have an issuer property."
	if !c.scalars.has(hasIssuer, c.Issuer.ID) && !c.Issuer.IsObject() {
		return ruleErr(ErrIssuerMissing, "issuer", "")
	}
	// "The value of the issuer property MUST be either a URL or an object
	// containing an id property whose value is a URL".
	if err := checkParty(c.Issuer, ErrIssuerNotURL, "issuer"); err != nil {
		return err
	}
	// §4.8 Credential Subject: "A verifiable credential MUST have a
	// credentialSubject property."
	if len(c.CredentialSubject) == 0 {
		return ruleErr(ErrSubjectMissing, "credentialSubject", "")
	}
	for i, s := range c.CredentialSubject {
		// "The value of the credentialSubject property is a set of objects
		// where each object MUST be the subject of one or more claims".
		if len(s) == 0 {
			return ruleErr(ErrSubjectClaims, idx("credentialSubject", i), "empty object")
		}
		// §4.4 applies to the subject's id as to every id.
		if id, ok := s["id"]; ok {
			if str, _ := id.(string); !IsURL(str) {
				return ruleErr(ErrIDNotURL, idx("credentialSubject", i)+".id", "")
			}
		}
	}
	if err := c.checkValidityPeriod(); err != nil {
		return err
	}
	for i, s := range c.CredentialStatus {
		path := idx("credentialStatus", i)
		// §4.10 Status, id: "If present, the normative guidance in Section
		// 4.4 Identifiers MUST be followed."
		if s.present.has(1, s.ID) && !IsURL(s.ID) {
			return ruleErr(ErrStatusID, path+".id", s.ID)
		}
		// type: "The type property is REQUIRED. It is used to express the
		// type of status information expressed by the object. The related
		// normative guidance in Section 4.5 Types MUST be followed."
		if err := checkTerm(s.Type); err != nil {
			return ruleErr(ErrStatusType, path+".type", err.Error())
		}
	}
	for i, s := range c.CredentialSchema {
		path := idx("credentialSchema", i)
		// §4.11 Data Schemas: "Each credentialSchema MUST specify its type
		// (for example, JsonSchema), and an id property that MUST be a URL
		// identifying the schema file."
		if err := checkTerm(s.Type); err != nil {
			return ruleErr(ErrSchemaType, path+".type", err.Error())
		}
		if !IsURL(s.ID) {
			return ruleErr(ErrSchemaID, path+".id", s.ID)
		}
	}
	// §5.4 Refreshing: "Each refreshService value MUST specify its type."
	if err := checkTyped(c.RefreshService, ErrRefreshServiceType, "refreshService"); err != nil {
		return err
	}
	// §5.5 Terms of Use: "Each termsOfUse value MUST specify its type".
	if err := checkTyped(c.TermsOfUse, ErrTermsOfUseType, "termsOfUse"); err != nil {
		return err
	}
	// §5.6 Evidence, and the §4.5 table: an evidence object MUST have "a
	// valid evidence type".
	return checkTyped(c.Evidence, ErrEvidenceType, "evidence")
}

// checkContext applies §4.3 Contexts.
func checkContext(ctx []Context, path string) error {
	// "Verifiable credentials and verifiable presentations MUST include a
	// @context property."
	if ctx == nil {
		return ruleErr(ErrContextMissing, path, "")
	}
	// "The value of the @context property MUST be an ordered set where the
	// first item is a URL with the value https://www.w3.org/ns/credentials/v2."
	if len(ctx) == 0 || ctx[0].Object != nil || ctx[0].URL != ContextV2 {
		return ruleErr(ErrContextFirst, path, "")
	}
	// "Subsequent items in the ordered set MUST be composed of any
	// combination of URLs and objects, where each is processable as a
	// JSON-LD Context."
	for i, x := range ctx[1:] {
		if x.Object == nil && !IsURL(x.URL) {
			return ruleErr(ErrContextItem, idx(path, i+1), x.URL)
		}
	}
	return nil
}

// checkTypes applies §4.5: "The value of the type property MUST be one or
// more terms and absolute URL strings."
func checkTypes(types []string, path string) error {
	if len(types) == 0 {
		return ruleErr(ErrTypeMissing, path, "")
	}
	for i, t := range types {
		if err := checkTerm(t); err != nil {
			return ruleErr(ErrTypeValue, idx(path, i), err.Error())
		}
	}
	return nil
}

var (
	errTermEmpty = errors.New("missing or empty")
	errTermForm  = errors.New("neither a term nor an absolute URL")
)

// checkTerm checks the form of a type value: a JSON-LD term (a non-empty
// string that is not a keyword and has no white space) or an absolute URL.
// Whether a term is defined by the active context needs JSON-LD processing
// and is not checked here.
func checkTerm(t string) error {
	if t == "" {
		return errTermEmpty
	}
	if t[0] == '@' {
		return errTermForm
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; c <= ' ' || c == 0x7f {
			return errTermForm
		}
	}
	if strings.IndexByte(t, ':') >= 0 && !IsURL(t) {
		return errTermForm
	}
	return nil
}

// checkText checks a name or description built in Go (decoding already
// rejects other JSON forms).
func checkText(t Text, rule error, path string) error {
	for i, v := range t.Values {
		if v.Direction != "" && v.Direction != "ltr" && v.Direction != "rtl" {
			return ruleErr(rule, idx(path, i), "@direction must be ltr or rtl")
		}
	}
	return nil
}

// checkParty checks an issuer or holder: a URL, or an object whose id is a
// URL.
func checkParty(p Issuer, rule error, path string) error {
	if p.IsObject() {
		if !IsURL(p.ID) {
			return ruleErr(rule, path+".id", p.ID)
		}
	} else if !IsURL(p.ID) {
		return ruleErr(rule, path, p.ID)
	}
	if err := checkText(p.Name, ErrName, path+".name"); err != nil {
		return err
	}
	return checkText(p.Description, ErrDescription, path+".description")
}

// checkTyped checks that each object has a type of the §4.5 form.
func checkTyped(objs []map[string]any, rule error, path string) error {
	for i, o := range objs {
		p := idx(path, i) + ".type"
		switch t := o["type"].(type) {
		case string:
			if err := checkTerm(t); err != nil {
				return ruleErr(rule, p, err.Error())
			}
		case []any:
			if len(t) == 0 {
				return ruleErr(rule, p, "empty")
			}
			for _, e := range t {
				s, _ := e.(string)
				if err := checkTerm(s); err != nil {
					return ruleErr(rule, p, err.Error())
				}
			}
		default:
			return ruleErr(rule, p, "missing")
		}
	}
	return nil
}

// validityPeriod applies §4.9 and returns the parsed bounds (zero when
// absent).
func (c *Credential) validityPeriod() (from, until time.Time, err error) {
	// §4.9 validFrom: "If present, the value of the validFrom property MUST
	// be a [XMLSCHEMA11-2] dateTimeStamp string value".
	if c.scalars.has(hasValidFrom, c.ValidFrom) {
		if from, err = ParseDateTimeStamp(c.ValidFrom); err != nil {
			return from, until, ruleErr(ErrValidFrom, "validFrom", c.ValidFrom)
		}
	}
	// validUntil: "If present, the value of the validUntil property MUST be
	// a [XMLSCHEMA11-2] dateTimeStamp string value".
	if c.scalars.has(hasValidUntil, c.ValidUntil) {
		if until, err = ParseDateTimeStamp(c.ValidUntil); err != nil {
			return from, until, ruleErr(ErrValidUntil, "validUntil", c.ValidUntil)
		}
	}
	// "If a validUntil value also exists, the validFrom value MUST express a
	// point in time that is temporally the same or earlier than the point in
	// time expressed by the validUntil value." (and the converse rule stated
	// for validUntil).
	if !from.IsZero() && !until.IsZero() && from.After(until) {
		return from, until, ruleErr(ErrValidityOrder, "validFrom", c.ValidFrom+" > "+c.ValidUntil)
	}
	return from, until, nil
}

func (c *Credential) checkValidityPeriod() error {
	_, _, err := c.validityPeriod()
	return err
}

// ValidAt reports whether t lies within the credential's validity period
// (VCDM 2.0 §4.9; Appendix A.7 leaves to the verifier whether to accept a
// credential outside it, and Cachet does not). A credential without
// validFrom or validUntil is unbounded on that side. The bounds are
// inclusive: validFrom is "the earliest point in time" and validUntil "the
// latest point in time" at which the information is valid.
func (c *Credential) ValidAt(t time.Time) error {
	return c.ValidAtWithLeeway(t, 0)
}

// ValidAtWithLeeway is ValidAt allowing for clock skew: the period is widened
// by leeway on both sides.
func (c *Credential) ValidAtWithLeeway(t time.Time, leeway time.Duration) error {
	from, until, err := c.validityPeriod()
	if err != nil {
		return err
	}
	if !from.IsZero() && t.Add(leeway).Before(from) {
		return &RuleError{Rule: ErrNotYetValid, Path: "validFrom", Detail: c.ValidFrom}
	}
	if !until.IsZero() && t.Add(-leeway).After(until) {
		return &RuleError{Rule: ErrExpired, Path: "validUntil", Detail: c.ValidUntil}
	}
	return nil
}

// Check enforces the normative statements of VCDM 2.0 that apply to a
// presentation document (§4.3-§4.5, §4.13), in specification order, and
// checks each embedded credential with Credential.Check. Errors inside an
// item have paths prefixed with verifiableCredential[i].
func (p *Presentation) Check() error {
	if err := checkContext(p.Context, "@context"); err != nil {
		return err
	}
	// §4.13, id: "If present, the normative guidance in Section 4.4
	// Identifiers MUST be followed."
	if p.scalars.has(hasID, p.ID) && !IsURL(p.ID) {
		return ruleErr(ErrIDNotURL, "id", p.ID)
	}
	// type: "The type property MUST be present. ... One value of this
	// property MUST be VerifiablePresentation, but additional types MAY be
	// included. The related normative guidance in Section 4.5 Types MUST be
	// followed."
	if err := checkTypes(p.Type, "type"); err != nil {
		return err
	}
	if !p.HasType(TypeVerifiablePresentation) {
		return ruleErr(ErrTypeNoVP, "type", "")
	}
	// holder: "If present, the value MUST be either a URL or an object
	// containing an id property."
	hasHolder := p.scalars&scHolder != 0 || p.Holder.ID != "" || p.Holder.IsObject()
	if hasHolder {
		if err := checkParty(p.Holder, ErrHolderNotURL, "holder"); err != nil {
			return err
		}
	}
	// verifiableCredential: "The value MUST be one or more verifiable
	// credential and/or enveloped verifiable credential objects (the values
	// MUST NOT be non-object values such as numbers, strings, or URLs)."
	for i, c := range p.VerifiableCredential {
		path := idx("verifiableCredential", i)
		if c == nil {
			return ruleErr(ErrVerifiableCredential, path, "nil")
		}
		if c.IsEnveloped() {
			if err := c.checkEnveloped(path); err != nil {
				return err
			}
			continue
		}
		if err := c.Check(); err != nil {
			return prefixErr(err, path)
		}
		// §4.13, Presentations Including Holder Claims: "A verifiable
		// presentation that includes a self-asserted verifiable credential
		// that is only secured using the same mechanism as the verifiable
		// presentation MUST include a holder property." and "When a
		// self-asserted verifiable credential is secured using the same
		// mechanism as the verifiable presentation, the value of the issuer
		// property of the verifiable credential MUST be identical to the
		// holder property of the verifiable presentation." A credential with
		// no proof of its own is secured only by the presentation.
		if c.Proof == nil {
			if !hasHolder {
				return ruleErr(ErrHolderClaimsNoHolder, "holder", "")
			}
			if c.Issuer.ID != p.Holder.ID {
				return ruleErr(ErrHolderClaimsIssuerMatch, path+".issuer", c.Issuer.ID)
			}
		}
	}
	// §5.5 Terms of Use applies to presentations too.
	return checkTyped(p.TermsOfUse, ErrTermsOfUseType, "termsOfUse")
}

// checkEnveloped applies §4.13, Enveloped Verifiable Credentials.
func (c *Credential) checkEnveloped(path string) error {
	// "The @context property of the object MUST be present and include a
	// context, such as the base context for this specification, that
	// defines at least the id, type, and EnvelopedVerifiableCredential terms
	// as defined by the base context provided by this specification."
	// Whether another context defines those terms needs JSON-LD processing;
	// Cachet requires the base context.
	if !containsURL(c.Context, ContextV2) {
		return ruleErr(ErrEnvelopedContext, path+".@context", "")
	}
	// "The id value of the object MUST be a data: URL [RFC2397] that
	// expresses a secured verifiable credential using an enveloping
	// security scheme".
	if _, err := ParseDataURL(c.ID); err != nil {
		return ruleErr(ErrEnvelopedID, path+".id", "")
	}
	// "The type value of the object MUST be EnvelopedVerifiableCredential."
	if len(c.Type) != 1 || c.Type[0] != TypeEnvelopedVerifiableCredential {
		return ruleErr(ErrEnvelopedType, path+".type", "")
	}
	return nil
}

func containsURL(ctx []Context, url string) bool {
	for _, x := range ctx {
		if x.Object == nil && x.URL == url {
			return true
		}
	}
	return false
}

// prefixErr prefixes the path of a *RuleError with prefix.
func prefixErr(err error, prefix string) error {
	var re *RuleError
	if errors.As(err, &re) {
		cp := *re
		if cp.Path == "" {
			cp.Path = prefix
		} else {
			cp.Path = prefix + "." + cp.Path
		}
		return &cp
	}
	return err
}
