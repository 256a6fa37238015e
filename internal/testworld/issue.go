package testworld

import (
	"fmt"
	"time"

	"github.com/cachet-district/cachet/credential"
	"github.com/cachet-district/cachet/credential/jose"
	"github.com/cachet-district/cachet/credential/sdjwt"
	"github.com/cachet-district/cachet/credential/status"
	"github.com/cachet-district/cachet/schemas"
)

// Validity is how long the world's credentials are valid.
const Validity = 10 * 365 * 24 * time.Hour

// IssueSDJWT issues the citizen's typeID claims as an SD-JWT VC from b,
// bound to the citizen's key, with an entry in b's status list. It does not
// check that b is authorised for the type: tests of the trust check need
// bureaus that issue what they may not.
func (w *World) IssueSDJWT(b *Bureau, c *Citizen, typeID string) (*sdjwt.SDJWT, int, error) {
	t, claims, err := w.claimsOf(c, typeID)
	if err != nil {
		return nil, 0, err
	}
	idx, err := b.alloc.Allocate()
	if err != nil {
		return nil, 0, err
	}
	now := w.now.UTC().Truncate(time.Second)
	vc := sdjwt.VCClaims{
		VCT: t.VCT, Issuer: b.DID, IssuedAt: now, Expires: now.Add(Validity), Holder: c.Key.Public(),
		Status: map[string]any{"status_list": map[string]any{"idx": idx, "uri": b.StatusURI}},
	}
	sd, err := sdjwt.IssueVC(b.Key, b.Kid, vc, claims, t.SelectivelyDisclosable(), sdjwt.IssueOptions{})
	return sd, idx, err
}

// IssueJWT issues the citizen's typeID claims as a VCDM 2.0 vc+jwt whose
// subject is the citizen's did:key.
func (w *World) IssueJWT(b *Bureau, c *Citizen, typeID string) (string, error) {
	t, claims, err := w.claimsOf(c, typeID)
	if err != nil {
		return "", err
	}
	subject := map[string]any{"id": c.DID}
	for k, v := range claims {
		subject[k] = v
	}
	now := w.now.UTC().Truncate(time.Second)
	return jose.Issue(b.Key, b.Kid, &credential.Credential{
		Context:           []credential.Context{{URL: credential.ContextV2}},
		Type:              []string{"VerifiableCredential", t.VCT},
		Issuer:            credential.Issuer{ID: b.DID},
		ValidFrom:         now.Format(time.RFC3339),
		ValidUntil:        now.Add(Validity).Format(time.RFC3339),
		CredentialSubject: []map[string]any{subject},
		CredentialSchema:  []credential.Schema{{ID: t.SchemaID(), Type: "JsonSchema"}},
	})
}

// SetStatus marks index idx of b's list.
func (b *Bureau) SetStatus(idx int, s status.StatusType) error { return b.Status.Set(idx, uint8(s)) }

// StatusToken signs b's list as it is now, valid for a day.
func (b *Bureau) StatusToken(now time.Time) (string, error) {
	enc, err := b.Status.EncodeTokenList()
	if err != nil {
		return "", err
	}
	now = now.UTC().Truncate(time.Second)
	return status.SignStatusListToken(b.Key, b.Kid, status.TokenClaims{
		Issuer: b.DID, Subject: b.StatusURI, IssuedAt: now, Expiry: now.Add(24 * time.Hour), TTL: time.Hour, StatusList: enc,
	})
}

// claimsOf returns the type typeID and the citizen's claims of that type.
func (w *World) claimsOf(c *Citizen, typeID string) (*schemas.Type, map[string]any, error) {
	t, ok := w.Schemas.ByID(typeID)
	if !ok {
		return nil, nil, fmt.Errorf("testworld: unknown type %q", typeID)
	}
	claims, ok := c.Claims[typeID]
	if !ok {
		return nil, nil, fmt.Errorf("testworld: %s holds no %s", c.Name, typeID)
	}
	return t, claims, nil
}
