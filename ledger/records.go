package ledger

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/cachet-district/cachet/keys"
)

// State keys. Each family has its own prefix; DIDs, type ids and member ids
// are validated before use, and a status list URL is only ever the tail of
// its own family's key.
const (
	keyChain       = "chain"
	keyGovernance  = "gov"
	keyValidators  = "validators" // -> ValidatorSet, absent when InitChain had none
	prefixDID      = "did/"       // + DID -> didRecord
	prefixVersion  = "didv/"      // + DID + "/" + %020d version -> Document JSON
	prefixIssuer   = "issuer/"    // + DID -> issuerRecord
	prefixSchema   = "schema/"    // + type id -> SchemaRecord
	prefixStatus   = "status/"    // + list URL -> AnchorRecord
	prefixVerifier = "verifier/"  // + DID -> VerifierRecord
)

func versionKey(did string, v int) string {
	return fmt.Sprintf("%s%s/%020d", prefixVersion, did, v)
}

// Member is a governance member: an id (used as the kid of its signatures)
// and its public key.
type Member struct {
	ID           string   `json:"id"`
	PublicKeyJwk keys.JWK `json:"publicKeyJwk"`
}

// PublicKey parses the member's key (keys.ParseJWK: a public Ed25519 or
// P-256 JWK).
func (m Member) PublicKey() (*keys.PublicKey, error) {
	raw, err := json.Marshal(m.PublicKeyJwk)
	if err != nil {
		return nil, err
	}
	return keys.ParseJWK(raw)
}

// Governance is the current governance member set, its threshold M and the
// last governance sequence number used.
type Governance struct {
	Seq       uint64   `json:"seq"`
	Threshold int      `json:"threshold"`
	Members   []Member `json:"members"`
}

// didRecord is the state of one DID: its sequence number, whether it is
// deactivated, and one entry per version (version i+1 is Versions[i]).
type didRecord struct {
	Seq         uint64         `json:"seq"`
	Deactivated bool           `json:"deactivated,omitempty"`
	Versions    []versionEntry `json:"versions"`
}

type versionEntry struct {
	Time        time.Time `json:"time"`
	Height      int64     `json:"height"`
	Deactivated bool      `json:"deactivated,omitempty"`
}

// Grant is one authorisation of an issuer for one credential type: valid
// from ValidFrom (inclusive) to ValidUntil (exclusive), recorded at
// GrantedAt, and cut short at RevokedAt if revoked.
type Grant struct {
	VCT           string     `json:"vct"`
	ValidFrom     time.Time  `json:"validFrom"`
	ValidUntil    time.Time  `json:"validUntil"`
	GrantedAt     time.Time  `json:"grantedAt"`
	GrantedHeight int64      `json:"grantedHeight"`
	RevokedAt     *time.Time `json:"revokedAt,omitempty"`
}

// covers reports whether the grant authorises its type at time t.
func (g *Grant) covers(t time.Time) bool {
	return !t.Before(g.ValidFrom) && t.Before(g.ValidUntil) && (g.RevokedAt == nil || t.Before(*g.RevokedAt))
}

type issuerRecord struct {
	Grants []Grant `json:"grants"`
}

// LocalName is a display name in Chinese (zh-CN) and English.
type LocalName struct {
	Zh string `json:"zh"`
	En string `json:"en"`
}

// SchemaRecord is a registered credential type.
type SchemaRecord struct {
	TypeID         string    `json:"typeId"`
	VCT            string    `json:"vct"`
	SchemaDigest   string    `json:"schemaDigest"`
	MetadataDigest string    `json:"metadataDigest"`
	Name           LocalName `json:"name"`
	RegisteredAt   time.Time `json:"registeredAt"`
	Height         int64     `json:"height"`
}

// AnchorRecord is the latest anchor of a status list.
type AnchorRecord struct {
	URL      string    `json:"url"`
	Digest   string    `json:"digest"`
	Sequence uint64    `json:"sequence"`
	Issuer   string    `json:"issuer"`
	Time     time.Time `json:"time"`
	Height   int64     `json:"height"`
}

// VerifierService is one service a registered verifier runs: the credential
// types and claims it may ask for.
type VerifierService struct {
	ID     string    `json:"id"`
	Name   LocalName `json:"name"`
	VCTs   []string  `json:"vcts"`
	Claims []string  `json:"claims"`
}

// VerifierRecord is a registered verifier (a counter office).
type VerifierRecord struct {
	Verifier     string            `json:"verifier"`
	Name         LocalName         `json:"name"`
	Services     []VerifierService `json:"services"`
	RegisteredAt time.Time         `json:"registeredAt"`
	Height       int64             `json:"height"`
	RevokedAt    *time.Time        `json:"revokedAt,omitempty"`
}

// load decodes the record at k; ok is false if there is none.
func load(r reader, k string, v any) (ok bool, err error) {
	b, ok := r.get(k)
	if !ok {
		return false, nil
	}
	if err := json.Unmarshal(b, v); err != nil {
		return true, errf(ErrInternal, "state record %q: %v", k, err)
	}
	return true, nil
}

// put encodes v at k.
func put(o *overlay, k string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return errf(ErrInternal, "encode %q: %v", k, err)
	}
	o.set(k, b)
	return nil
}
