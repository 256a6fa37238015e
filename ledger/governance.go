package ledger

import (
	"slices"

	"github.com/cachet-district/cachet/keys"
)

// MembersOp replaces the governance member set and threshold (always given
// in full: a vote that changes only validators restates the members) and
// applies validator updates to the consensus validator set: power 0 removes
// a validator, a positive power adds one or changes its power. The updates
// are checked by updateValidators and reach CometBFT through
// BlockResult.ValidatorUpdates.
type MembersOp struct {
	Threshold  int         `json:"threshold"`
	Members    []Member    `json:"members"`
	Validators []Validator `json:"validators,omitempty"`
}

// AuthorizeOp authorises an issuer DID for credential types over a validity
// period (RFC 3339 UTC times, ValidFrom inclusive, ValidUntil exclusive).
type AuthorizeOp struct {
	Issuer     string   `json:"issuer"`
	VCTs       []string `json:"vcts"`
	ValidFrom  string   `json:"validFrom"`
	ValidUntil string   `json:"validUntil"`
}

// RevokeOp ends an issuer's current authorisations at the block time: for
// the listed types, or for all types when All is set (then VCTs is empty).
type RevokeOp struct {
	Issuer string   `json:"issuer"`
	VCTs   []string `json:"vcts,omitempty"`
	All    bool     `json:"all,omitempty"`
}

// SchemaOp registers a credential type.
type SchemaOp struct {
	TypeID         string    `json:"typeId"`
	VCT            string    `json:"vct"`
	SchemaDigest   string    `json:"schemaDigest"`
	MetadataDigest string    `json:"metadataDigest"`
	Name           LocalName `json:"name"`
}

// VerifierOp registers (or re-registers, replacing) a verifier.
type VerifierOp struct {
	Verifier string            `json:"verifier"`
	Name     LocalName         `json:"name"`
	Services []VerifierService `json:"services"`
}

// VerifierRevokeOp revokes a verifier's registration.
type VerifierRevokeOp struct {
	Verifier string `json:"verifier"`
}

// memberKeys validates a member set and threshold and returns the members'
// keys: 1 <= M <= N <= MaxMembers, ids unique, keys parse and are distinct
// (one key listed under two ids would count twice toward M).
func memberKeys(threshold int, members []Member) ([]*keys.PublicKey, error) {
	if len(members) == 0 || len(members) > MaxMembers {
		return nil, errf(ErrInvalidOp, "%d governance members, want 1 to %d", len(members), MaxMembers)
	}
	if threshold < 1 || threshold > len(members) {
		return nil, errf(ErrInvalidOp, "threshold %d, want 1 to %d", threshold, len(members))
	}
	ks := make([]*keys.PublicKey, len(members))
	for i, m := range members {
		if len(m.ID) > MaxIDLength || !validIDChars(m.ID) {
			return nil, errf(ErrInvalidOp, "member id %q is not [A-Za-z0-9._-]{1,%d}", m.ID, MaxIDLength)
		}
		k, err := m.PublicKey()
		if err != nil {
			return nil, errf(ErrInvalidOp, "member %s: %v", m.ID, err)
		}
		for j := range i {
			if members[j].ID == m.ID {
				return nil, errf(ErrInvalidOp, "member id %q listed twice", m.ID)
			}
			if ks[j].Equal(k) {
				return nil, errf(ErrInvalidOp, "members %s and %s have the same key", members[j].ID, m.ID)
			}
		}
		ks[i] = k
	}
	return ks, nil
}

// governance authenticates a governance operation and applies it. Signer
// must be SignerGovernance; every signature must be by a current member and
// verify; at least Threshold distinct members must have signed (a member
// signing twice counts once); the sequence number is the next governance
// one.
func (a *applier) governance(tx *Tx) error {
	p := &tx.Payload
	if p.Signer != SignerGovernance {
		return errf(ErrWrongSigner, "%s is signed by governance, not %q", p.Type, p.Signer)
	}
	var gov Governance
	ok, err := load(a.o, keyGovernance, &gov)
	if err != nil {
		return err
	}
	if !ok {
		return errf(ErrNoGenesis, "no governance members")
	}
	ks, err := memberKeys(gov.Threshold, gov.Members)
	if err != nil {
		return errf(ErrInternal, "stored governance: %v", err)
	}
	signed := make([]bool, len(gov.Members))
	distinct := 0
	input := SigningInput(a.chain, tx.PayloadBytes)
	for _, s := range tx.Sigs {
		i := slices.IndexFunc(gov.Members, func(m Member) bool { return m.ID == s.KID })
		if i < 0 {
			return errf(ErrUnauthorisedGovernance, "%q is not a governance member", s.KID)
		}
		if err := ks[i].Verify(input, s.Sig); err != nil {
			return errf(ErrBadSignature, "member %s: %v", s.KID, err)
		}
		if !signed[i] {
			signed[i] = true
			distinct++
		}
	}
	if distinct < gov.Threshold {
		return errf(ErrUnauthorisedGovernance, "%d distinct member signatures, threshold %d", distinct, gov.Threshold)
	}
	if p.Seq != gov.Seq+1 {
		return errf(ErrReplay, "governance seq %d, want %d", p.Seq, gov.Seq+1)
	}
	switch p.Type {
	case TypeGovernanceMembers:
		var op MembersOp
		if err := decodeOp(p.Op, &op); err != nil {
			return err
		}
		if _, err := memberKeys(op.Threshold, op.Members); err != nil {
			return err
		}
		if len(op.Validators) > 0 {
			if err := a.updateValidators(op.Validators); err != nil {
				return err
			}
		}
		gov.Threshold, gov.Members = op.Threshold, op.Members
	case TypeIssuerAuthorize:
		err = a.issuerAuthorize(p.Op)
	case TypeIssuerRevoke:
		err = a.issuerRevoke(p.Op)
	case TypeSchemaRegister:
		err = a.schemaRegister(p.Op)
	case TypeVerifierRegister:
		err = a.verifierRegister(p.Op)
	case TypeVerifierRevoke:
		err = a.verifierRevoke(p.Op)
	}
	if err != nil {
		return err
	}
	gov.Seq++
	return put(a.o, keyGovernance, &gov)
}

func (a *applier) issuerAuthorize(raw []byte) error {
	var op AuthorizeOp
	if err := decodeOp(raw, &op); err != nil {
		return err
	}
	if _, _, err := loadDID(a.o, op.Issuer); err != nil {
		return err
	}
	if err := checkList("vcts", op.VCTs, MaxVCTs); err != nil {
		return err
	}
	from, err := parseTime("validFrom", op.ValidFrom)
	if err != nil {
		return err
	}
	until, err := parseTime("validUntil", op.ValidUntil)
	if err != nil {
		return err
	}
	if !until.After(from) {
		return errf(ErrInvalidOp, "validUntil %s is not after validFrom %s", op.ValidUntil, op.ValidFrom)
	}
	if !until.After(a.now) {
		return errf(ErrInvalidOp, "validUntil %s is already past", op.ValidUntil)
	}
	var rec issuerRecord
	if _, err := load(a.o, prefixIssuer+op.Issuer, &rec); err != nil {
		return err
	}
	for _, vct := range op.VCTs {
		rec.Grants = append(rec.Grants, Grant{VCT: vct, ValidFrom: from, ValidUntil: until, GrantedAt: a.now, GrantedHeight: a.height})
	}
	return put(a.o, prefixIssuer+op.Issuer, &rec)
}

func (a *applier) issuerRevoke(raw []byte) error {
	var op RevokeOp
	if err := decodeOp(raw, &op); err != nil {
		return err
	}
	if op.All == (len(op.VCTs) > 0) {
		return errf(ErrInvalidOp, "name the vcts to revoke or set all, not both")
	}
	if !op.All {
		if err := checkList("vcts", op.VCTs, MaxVCTs); err != nil {
			return err
		}
	}
	var rec issuerRecord
	ok, err := load(a.o, prefixIssuer+op.Issuer, &rec)
	if err != nil {
		return err
	}
	if !ok {
		return errf(ErrNothingToRevoke, "%s was never authorised", op.Issuer)
	}
	now := a.now
	n := 0
	for i := range rec.Grants {
		g := &rec.Grants[i]
		// A grant already over (revoked, or expired) keeps its history.
		if g.RevokedAt != nil || !g.ValidUntil.After(now) {
			continue
		}
		if op.All || slices.Contains(op.VCTs, g.VCT) {
			g.RevokedAt = &now
			n++
		}
	}
	if n == 0 {
		return errf(ErrNothingToRevoke, "%s holds no current authorisation for these types", op.Issuer)
	}
	return put(a.o, prefixIssuer+op.Issuer, &rec)
}

func (a *applier) schemaRegister(raw []byte) error {
	var op SchemaOp
	if err := decodeOp(raw, &op); err != nil {
		return err
	}
	if len(op.TypeID) > MaxIDLength || !validIDChars(op.TypeID) {
		return errf(ErrInvalidOp, "typeId %q is not [A-Za-z0-9._-]{1,%d}", op.TypeID, MaxIDLength)
	}
	if !validText(op.VCT, MaxStringLength) {
		return errf(ErrInvalidOp, "vct empty, too long or with control characters")
	}
	if !validDigest(op.SchemaDigest) || !validDigest(op.MetadataDigest) {
		return errf(ErrInvalidOp, "schemaDigest and metadataDigest must be \"sha256-\" + base64url of 32 bytes")
	}
	if err := checkName("name", op.Name); err != nil {
		return err
	}
	if _, ok := a.o.get(prefixSchema + op.TypeID); ok {
		return errf(ErrExists, "schema %s", op.TypeID)
	}
	return put(a.o, prefixSchema+op.TypeID, &SchemaRecord{
		TypeID: op.TypeID, VCT: op.VCT, SchemaDigest: op.SchemaDigest, MetadataDigest: op.MetadataDigest,
		Name: op.Name, RegisteredAt: a.now, Height: a.height,
	})
}

func (a *applier) verifierRegister(raw []byte) error {
	var op VerifierOp
	if err := decodeOp(raw, &op); err != nil {
		return err
	}
	if _, _, err := loadDID(a.o, op.Verifier); err != nil {
		return err
	}
	if err := checkName("name", op.Name); err != nil {
		return err
	}
	if len(op.Services) == 0 || len(op.Services) > MaxVerifierServices {
		return errf(ErrInvalidOp, "%d services, want 1 to %d", len(op.Services), MaxVerifierServices)
	}
	for i, s := range op.Services {
		if len(s.ID) > MaxIDLength || !validIDChars(s.ID) {
			return errf(ErrInvalidOp, "service id %q is not [A-Za-z0-9._-]{1,%d}", s.ID, MaxIDLength)
		}
		for j := range i {
			if op.Services[j].ID == s.ID {
				return errf(ErrInvalidOp, "service id %q listed twice", s.ID)
			}
		}
		if err := checkName("service "+s.ID+" name", s.Name); err != nil {
			return err
		}
		if err := checkList("service "+s.ID+" vcts", s.VCTs, MaxVCTs); err != nil {
			return err
		}
		if err := checkList("service "+s.ID+" claims", s.Claims, MaxClaims); err != nil {
			return err
		}
	}
	return put(a.o, prefixVerifier+op.Verifier, &VerifierRecord{
		Verifier: op.Verifier, Name: op.Name, Services: op.Services, RegisteredAt: a.now, Height: a.height,
	})
}

func (a *applier) verifierRevoke(raw []byte) error {
	var op VerifierRevokeOp
	if err := decodeOp(raw, &op); err != nil {
		return err
	}
	var rec VerifierRecord
	ok, err := load(a.o, prefixVerifier+op.Verifier, &rec)
	if err != nil {
		return err
	}
	if !ok || rec.RevokedAt != nil {
		return errf(ErrNothingToRevoke, "%q is not a registered verifier", op.Verifier)
	}
	now := a.now
	rec.RevokedAt = &now
	return put(a.o, prefixVerifier+op.Verifier, &rec)
}
