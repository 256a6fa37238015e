package credential

import (
	"errors"
	"strings"
)

// Decoding errors: the input is not a JSON document this package accepts.
var (
	ErrMalformed       = errors.New("credential: malformed json")
	ErrDuplicateMember = errors.New("credential: duplicate member name")
	ErrTooLarge        = errors.New("credential: document too large")
	ErrTooDeep         = errors.New("credential: document nested too deeply")
)

// Rule errors, one per normative statement of the Verifiable Credentials
// Data Model v2.0 that Check enforces, in the order the specification states
// them. Every failure of Check (and every wrong-kind member found while
// decoding) wraps exactly one of these in a *RuleError.
var (
	// §4.3 Contexts.
	ErrContextMissing = errors.New("credential: @context missing")
	ErrContextFirst   = errors.New("credential: first @context is not https://www.w3.org/ns/credentials/v2")
	ErrContextItem    = errors.New("credential: @context item is neither a URL nor an object")
	// §4.4 Identifiers.
	ErrIDNotURL = errors.New("credential: id is not a single URL")
	// §4.5 Types.
	ErrTypeMissing = errors.New("credential: type missing")
	ErrTypeValue   = errors.New("credential: type value is not a term or absolute URL")
	ErrTypeNoVC    = errors.New("credential: type does not include VerifiableCredential")
	ErrTypeNoVP    = errors.New("credential: type does not include VerifiablePresentation")
	// §4.6 Names and Descriptions.
	ErrName        = errors.New("credential: name is not a string or language value object")
	ErrDescription = errors.New("credential: description is not a string or language value object")
	// §4.7 Issuer.
	ErrIssuerMissing = errors.New("credential: issuer missing")
	ErrIssuerNotURL  = errors.New("credential: issuer is not a URL or an object with a URL id")
	// §4.8 Credential Subject.
	ErrSubjectMissing = errors.New("credential: credentialSubject missing")
	ErrSubjectClaims  = errors.New("credential: credentialSubject value is not an object with one or more claims")
	// §4.9 Validity Period.
	ErrValidFrom     = errors.New("credential: validFrom is not a dateTimeStamp")
	ErrValidUntil    = errors.New("credential: validUntil is not a dateTimeStamp")
	ErrValidityOrder = errors.New("credential: validFrom is later than validUntil")
	// §4.10 Status.
	ErrStatusID   = errors.New("credential: credentialStatus id is not a URL")
	ErrStatusType = errors.New("credential: credentialStatus type missing")
	// §4.11 Data Schemas.
	ErrSchemaID   = errors.New("credential: credentialSchema id is not a URL")
	ErrSchemaType = errors.New("credential: credentialSchema type missing")
	// §4.13 Verifiable Presentations.
	ErrHolderNotURL            = errors.New("credential: holder is not a URL or an object with a URL id")
	ErrVerifiableCredential    = errors.New("credential: verifiableCredential value is not an object")
	ErrEnvelopedContext        = errors.New("credential: enveloped credential @context missing or without the base context")
	ErrEnvelopedID             = errors.New("credential: enveloped credential id is not a data: URL")
	ErrEnvelopedType           = errors.New("credential: enveloped credential type is not EnvelopedVerifiableCredential")
	ErrHolderClaimsNoHolder    = errors.New("credential: presentation with a self-asserted credential has no holder")
	ErrHolderClaimsIssuerMatch = errors.New("credential: self-asserted credential issuer differs from the presentation holder")
	// §5.4 Refreshing, §5.5 Terms of Use, §5.6 Evidence.
	ErrRefreshServiceType = errors.New("credential: refreshService type missing")
	ErrTermsOfUseType     = errors.New("credential: termsOfUse type missing")
	ErrEvidenceType       = errors.New("credential: evidence type missing")
)

// Validity window errors returned by ValidAt (§4.9, Appendix A.7).
var (
	ErrNotYetValid = errors.New("credential: not yet valid")
	ErrExpired     = errors.New("credential: expired")
)

// RuleError reports a violated rule and where in the document it was found.
// errors.Is(err, ErrX) matches its Rule.
type RuleError struct {
	Rule   error  // one of the ErrX rule sentinels
	Path   string // JSON path of the offending member, e.g. credentialStatus[1].type
	Detail string // optional extra information, may be empty
}

func (e *RuleError) Error() string {
	var b strings.Builder
	b.WriteString(e.Rule.Error())
	if e.Path != "" {
		b.WriteString(" at ")
		b.WriteString(e.Path)
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

// Unwrap returns the rule sentinel.
func (e *RuleError) Unwrap() error { return e.Rule }

func ruleErr(rule error, path, detail string) error {
	return &RuleError{Rule: rule, Path: path, Detail: detail}
}
