package status

import (
	"fmt"
	"strings"
	"time"

	josejson "github.com/go-jose/go-jose/v4/json"
)

// Names the status list credential uses (VCDM 2.0 §4.3, §4.5; §2.2).
const (
	ContextV2                         = "https://www.w3.org/ns/credentials/v2"
	TypeVerifiableCredential          = "VerifiableCredential"
	TypeBitstringStatusListCredential = "BitstringStatusListCredential"
	TypeBitstringStatusList           = "BitstringStatusList"
)

// StatusListCredential is an unsigned BitstringStatusListCredential (§2.2):
// a VCDM 2.0 credential whose subject is the status list. credential/jose
// signs it as vc+jwt. Issuer is the issuer's URL (a DID in Cachet).
type StatusListCredential struct {
	Context           []string          `json:"@context"`
	ID                string            `json:"id,omitempty"`
	Type              []string          `json:"type"`
	Issuer            string            `json:"issuer"`
	ValidFrom         time.Time         `json:"validFrom,omitzero"`
	ValidUntil        time.Time         `json:"validUntil,omitzero"`
	CredentialSubject StatusListSubject `json:"credentialSubject"`
}

// StatusListSubject is the credentialSubject of a status list credential:
// the list itself (§2.2).
type StatusListSubject struct {
	ID            string  `json:"id,omitempty"`
	Type          string  `json:"type"`
	StatusPurpose Strings `json:"statusPurpose"`
	EncodedList   string  `json:"encodedList"`
	// TTLMillis is ttl, the "time to live" in milliseconds before a refresh
	// SHOULD be attempted; 0 means absent.
	TTLMillis int64 `json:"ttl,omitempty"`
}

// CredentialParams are the inputs of NewStatusListCredential.
type CredentialParams struct {
	// ID is the URL the credential is published at, the statusListCredential
	// of every entry pointing into it. Required.
	ID string
	// Issuer is the issuer's URL (DID). Required.
	Issuer string
	// SubjectID is the id of the list; ID + "#list" when empty.
	SubjectID string
	// Purposes are the statusPurpose values of the list: one or more.
	Purposes []Purpose
	// List holds the statuses; at least MinBitstringEntries entries.
	List *List
	// ValidFrom and ValidUntil bound the validity period (VCDM 2.0 §4.9);
	// zero values are left out. They are written in UTC to the second.
	ValidFrom, ValidUntil time.Time
	// TTL is the optional ttl, written in milliseconds.
	TTL time.Duration
}

// NewStatusListCredential builds the unsigned status list credential of
// §3.1 Generate Algorithm steps 2-4: the credential with encodedList set to
// the list's compressed bitstring. Signing it (step 5) is the caller's.
func NewStatusListCredential(p CredentialParams) (*StatusListCredential, error) {
	if !isAbsoluteURI(p.ID) {
		return nil, fmt.Errorf("status: status list credential id %q is not a URL", p.ID)
	}
	if !isAbsoluteURI(p.Issuer) {
		return nil, fmt.Errorf("status: issuer %q is not a URL", p.Issuer)
	}
	if len(p.Purposes) == 0 {
		return nil, fmt.Errorf("status: status list credential needs a purpose")
	}
	if p.List == nil {
		return nil, fmt.Errorf("%w: no list", ErrListSize)
	}
	if !p.ValidFrom.IsZero() && !p.ValidUntil.IsZero() && p.ValidUntil.Before(p.ValidFrom) {
		return nil, fmt.Errorf("status: validUntil before validFrom")
	}
	if p.TTL < 0 || p.TTL > MaxTTL {
		return nil, fmt.Errorf("%w: %v", ErrTTL, p.TTL)
	}
	enc, err := p.List.EncodeBitstring()
	if err != nil {
		return nil, err
	}
	purposes := make(Strings, len(p.Purposes))
	for i, pu := range p.Purposes {
		if pu == "" {
			return nil, fmt.Errorf("status: empty purpose")
		}
		purposes[i] = string(pu)
	}
	subjectID := p.SubjectID
	if subjectID == "" {
		subjectID = p.ID + "#list"
	}
	return &StatusListCredential{
		Context:    []string{ContextV2},
		ID:         p.ID,
		Type:       []string{TypeVerifiableCredential, TypeBitstringStatusListCredential},
		Issuer:     p.Issuer,
		ValidFrom:  utcSecond(p.ValidFrom),
		ValidUntil: utcSecond(p.ValidUntil),
		CredentialSubject: StatusListSubject{
			ID:            subjectID,
			Type:          TypeBitstringStatusList,
			StatusPurpose: purposes,
			EncodedList:   enc,
			TTLMillis:     p.TTL.Milliseconds(),
		},
	}, nil
}

func utcSecond(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Second)
}

// credentialWire is the JSON of a status list credential as received.
type credentialWire struct {
	Context           *[]string    `json:"@context"`
	ID                *string      `json:"id"`
	Type              *Strings     `json:"type"`
	Issuer            *issuerWire  `json:"issuer"`
	ValidFrom         *string      `json:"validFrom"`
	ValidUntil        *string      `json:"validUntil"`
	CredentialSubject *subjectWire `json:"credentialSubject"`
}

// issuerWire is a VCDM 2.0 §4.7 issuer: a URL, or an object with an id.
type issuerWire struct{ id string }

func (i *issuerWire) UnmarshalJSON(data []byte) error {
	var s string
	if err := josejson.Unmarshal(data, &s); err == nil {
		i.id = s
		return nil
	}
	var obj struct {
		ID *string `json:"id"`
	}
	if err := decodeObject(data, &obj); err != nil || obj.ID == nil {
		return fmt.Errorf("status: issuer must be a URL or an object with an id")
	}
	i.id = *obj.ID
	return nil
}

type subjectWire struct {
	ID            *string  `json:"id"`
	Type          *Strings `json:"type"`
	StatusPurpose *Strings `json:"statusPurpose"`
	EncodedList   *string  `json:"encodedList"`
	TTL           *float64 `json:"ttl"`
}

// ParseStatusListCredential decodes the payload of a status list credential
// (the JSON a vc+jwt carries, after its signature was verified) and checks
// the MUSTs of VCDM 2.0 and of §2.2. It does not expand encodedList. Every
// failure is MALFORMED_VALUE_ERROR, but a credential whose type lacks
// BitstringStatusListCredential, which is STATUS_VERIFICATION_ERROR with
// ErrNotStatusListVC (§2.1 statusListCredential: the dereferenced credential
// "MUST have type property that includes the BitstringStatusListCredential
// value").
func ParseStatusListCredential(data []byte) (*StatusListCredential, error) {
	if len(data) > MaxCredentialSize {
		return nil, malformed("status list credential of %d bytes, limit %d", len(data), MaxCredentialSize)
	}
	var w credentialWire
	if err := decodeObject(data, &w); err != nil {
		return nil, malformed("status list credential: %v", err)
	}
	c := &StatusListCredential{}
	// VCDM 2.0 §4.3: "The value of the @context property MUST be an ordered
	// set where the first item is a URL with the value
	// https://www.w3.org/ns/credentials/v2." (Cachet accepts only URL
	// contexts.)
	if w.Context == nil || len(*w.Context) == 0 || (*w.Context)[0] != ContextV2 {
		return nil, malformed("@context must start with %q", ContextV2)
	}
	c.Context = *w.Context
	// VCDM 2.0 §4.4: id, if present, MUST be a single URL.
	if w.ID != nil {
		if !isAbsoluteURI(*w.ID) {
			return nil, malformed("credential id %q is not a URL", truncate(*w.ID))
		}
		c.ID = *w.ID
	}
	// VCDM 2.0 §4.5: type MUST include VerifiableCredential.
	if w.Type == nil || !w.Type.Contains(TypeVerifiableCredential) {
		return nil, malformed("credential type must include %q", TypeVerifiableCredential)
	}
	// §2.2: "MUST express a type property that includes the
	// BitstringStatusListCredential value."
	if !w.Type.Contains(TypeBitstringStatusListCredential) {
		return nil, perr(CodeStatusVerification, ErrNotStatusListVC, "type %q", []string(*w.Type))
	}
	c.Type = *w.Type
	// VCDM 2.0 §4.7: issuer MUST be present, a URL or an object with an id.
	if w.Issuer == nil || !isAbsoluteURI(w.Issuer.id) {
		return nil, malformed("credential issuer must be a URL")
	}
	c.Issuer = w.Issuer.id
	// VCDM 2.0 §4.9: validFrom and validUntil, if present, are
	// dateTimeStamp strings, and validFrom is not after validUntil.
	var err error
	if c.ValidFrom, err = parseDateTimeStamp(w.ValidFrom); err != nil {
		return nil, malformed("validFrom: %v", err)
	}
	if c.ValidUntil, err = parseDateTimeStamp(w.ValidUntil); err != nil {
		return nil, malformed("validUntil: %v", err)
	}
	if !c.ValidFrom.IsZero() && !c.ValidUntil.IsZero() && c.ValidUntil.Before(c.ValidFrom) {
		return nil, malformed("validUntil before validFrom")
	}
	if w.CredentialSubject == nil {
		return nil, malformed("credential lacks credentialSubject")
	}
	s, err := checkSubject(w.CredentialSubject)
	if err != nil {
		return nil, err
	}
	c.CredentialSubject = *s
	return c, nil
}

// ParseStatusListSubject decodes a credentialSubject on its own and checks
// the MUSTs of §2.2.
func ParseStatusListSubject(data []byte) (*StatusListSubject, error) {
	if len(data) > MaxCredentialSize {
		return nil, malformed("credentialSubject of %d bytes, limit %d", len(data), MaxCredentialSize)
	}
	var w subjectWire
	if err := decodeObject(data, &w); err != nil {
		return nil, malformed("credentialSubject: %v", err)
	}
	return checkSubject(&w)
}

func checkSubject(w *subjectWire) (*StatusListSubject, error) {
	s := &StatusListSubject{}
	if w.ID != nil {
		s.ID = *w.ID
	}
	// §2.2 credentialSubject.type: "MUST be BitstringStatusList".
	if w.Type == nil || len(*w.Type) != 1 || (*w.Type)[0] != TypeBitstringStatusList {
		return nil, malformed("credentialSubject type must be %q", TypeBitstringStatusList)
	}
	s.Type = TypeBitstringStatusList
	// §2.2 credentialSubject.statusPurpose: "MUST be one or more strings".
	if w.StatusPurpose == nil || len(*w.StatusPurpose) == 0 {
		return nil, malformed("credentialSubject statusPurpose must be one or more strings")
	}
	for _, p := range *w.StatusPurpose {
		if p == "" {
			return nil, malformed("credentialSubject statusPurpose has an empty string")
		}
	}
	s.StatusPurpose = *w.StatusPurpose
	// §2.2 encodedList: "MUST be a Multibase-encoded base64url (with no
	// padding)" string; its content is checked when it is expanded.
	if w.EncodedList == nil {
		return nil, malformed("credentialSubject lacks encodedList")
	}
	if !strings.HasPrefix(*w.EncodedList, multibaseBase64URL) {
		return nil, perr(CodeMalformedValue, ErrMultibasePrefix, "")
	}
	s.EncodedList = *w.EncodedList
	// §2.2 ttl: optional, milliseconds.
	if w.TTL != nil {
		ttl := *w.TTL
		if ttl < 0 || ttl > float64(MaxTTL.Milliseconds()) {
			return nil, perr(CodeMalformedValue, ErrTTL, "ttl %v", ttl)
		}
		s.TTLMillis = int64(ttl)
	}
	return s, nil
}

// parseDateTimeStamp reads an XML Schema dateTimeStamp (a date and time with
// a time zone), as RFC 3339 writes it. A nil value is the zero time.
func parseDateTimeStamp(s *string) (time.Time, error) {
	if s == nil {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, *s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a dateTimeStamp", truncate(*s))
	}
	return t, nil
}
