package testworld

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cachet-district/cachet/credential/sdjwt"
	"github.com/cachet-district/cachet/credential/status"
	"github.com/cachet-district/cachet/didmethod"
	"github.com/cachet-district/cachet/keys"
	"github.com/cachet-district/cachet/schemas"
)

// Errors of the counter-side checks the world adds to the credential
// packages' own: trust registry and status.
var (
	ErrIssuerKey     = errors.New("testworld: issuer key not resolved or not the issuer's")
	ErrUnknownType   = errors.New("testworld: unknown credential type")
	ErrNotAuthorised = errors.New("testworld: issuer not authorised for this credential type")
	ErrRevoked       = errors.New("testworld: credential revoked")
	ErrSuspended     = errors.New("testworld: credential suspended")
)

// Verification is what a counter learns from a presentation.
type Verification struct {
	Type   *schemas.Type
	Issuer *Bureau
	Claims map[string]any // the disclosed claims, registered claims removed
	Status status.StatusType
}

// VerifyPresentation checks an SD-JWT VC presentation as a counter will:
// the kid resolved to a key of the iss DID, the SD-JWT VC with key binding
// for aud and nonce, the bureau authorised for the type, the disclosed claims
// against the schema, and the bureau's current status list (fetched here
// from the world instead of over HTTPS).
func (w *World) VerifyPresentation(pres, aud, nonce string) (*Verification, error) {
	sd, err := sdjwt.Parse(pres)
	if err != nil {
		return nil, err
	}
	iss, _ := sd.UnverifiedPayload()["iss"].(string)
	pub, err := w.issuerKey(sd.Header().Kid, iss)
	if err != nil {
		return nil, err
	}
	res, err := sd.VerifyVC(sdjwt.VerifyOptions{
		IssuerKey: pub, Algorithms: keys.Algorithms(), Now: w.now, Issuer: iss,
		KeyBinding: sdjwt.KeyBindingOptions{Nonce: nonce, Audience: aud},
	})
	if err != nil {
		return nil, err
	}
	t, ok := w.Schemas.ByVCT(res.VC.VCT)
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownType, res.VC.VCT)
	}
	b, ok := w.IssuerOf(iss)
	if !ok || !slices.Contains(b.Types, t.ID) {
		return nil, fmt.Errorf("%w: %s for %s", ErrNotAuthorised, iss, t.ID)
	}
	claims := res.CredentialClaims()
	if err := t.ValidateDisclosed(claims); err != nil {
		return nil, err
	}
	st, err := w.statusOf(res.VC, b)
	if err != nil {
		return nil, err
	}
	switch st {
	case status.StatusInvalid:
		return nil, ErrRevoked
	case status.StatusSuspended:
		return nil, ErrSuspended
	}
	return &Verification{Type: t, Issuer: b, Claims: claims, Status: st}, nil
}

// issuerKey resolves kid and checks it is a key of the DID iss.
func (w *World) issuerKey(kid, iss string) (*keys.PublicKey, error) {
	pub, err := didmethod.KeyOf(context.Background(), w.Resolver, kid, iss, didmethod.AssertionMethod)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrIssuerKey, err)
	}
	return pub, nil
}

// statusOf signs and "fetches" the bureau's current list and verifies it
// against the signer bound to the credential's issuer.
func (w *World) statusOf(vc sdjwt.VCClaims, b *Bureau) (status.StatusType, error) {
	ref, err := vc.StatusList()
	if err != nil {
		return 0, err
	}
	if ref == nil || ref.URI != b.StatusURI {
		return 0, fmt.Errorf("testworld: status list %v is not %s's", ref, b.ID)
	}
	tok, err := b.StatusToken(w.now)
	if err != nil {
		return 0, err
	}
	p, err := status.ParseStatusListToken(tok)
	if err != nil {
		return 0, err
	}
	// The list must be signed by the credential's issuer: a list signed by
	// any other key is a forgery.
	pub, err := w.issuerKey(p.Header.Kid, b.DID)
	if err != nil {
		return 0, err
	}
	tl, err := p.Verify(pub, keys.Algorithms(), w.now, ref.URI)
	if err != nil {
		return 0, err
	}
	return (&status.StatusListRef{Idx: ref.Index, URI: ref.URI}).Lookup(tl)
}

// Present makes the citizen's presentation of sd to aud with nonce,
// disclosing the claims at paths.
func (w *World) Present(c *Citizen, sd *sdjwt.SDJWT, paths [][]string, aud, nonce string) (string, error) {
	sel, err := sd.Select(paths)
	if err != nil {
		return "", err
	}
	return sel.Present(c.Key, aud, nonce, w.now)
}

// Advance moves the clock forward by d.
func (w *World) Advance(d time.Duration) { w.now = w.now.Add(d) }
