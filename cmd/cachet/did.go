package main

import (
	"context"
	"fmt"

	"github.com/cachet-district/cachet/didmethod"
	"github.com/cachet-district/cachet/didmethod/jwk"
	"github.com/cachet-district/cachet/didmethod/key"
	"github.com/cachet-district/cachet/keys"
)

// resolver resolves the DID methods the command line knows without a ledger:
// did:key and did:jwk (did:cachet arrives with the ledger).
func resolver() (*didmethod.MultiResolver, error) {
	return didmethod.NewMultiResolver(map[string]didmethod.Resolver{"key": key.Resolver{}, "jwk": jwk.Resolver{}})
}

// didKeyOf returns the did:key DID of pub and the DID URL of its one
// verification method, used as a JWS kid.
func didKeyOf(pub *keys.PublicKey) (did, kid string, err error) {
	d, err := key.Create(pub)
	if err != nil {
		return "", "", err
	}
	return d.String(), key.KeyID(d), nil
}

// resolveKid resolves a JWS kid (a DID URL) to the key it names, authorised
// for assertions, after checking that it belongs to wantDID when one is
// expected (the credential's issuer).
func resolveKid(kid, wantDID string) (*keys.PublicKey, error) {
	if kid == "" {
		return nil, errNoKid
	}
	u, err := didmethod.ParseURL(kid)
	if err != nil {
		return nil, fmt.Errorf("kid %q: %w", kid, err)
	}
	if wantDID != "" && u.DID.String() != wantDID {
		return nil, fmt.Errorf("kid %q is not a key of %s", kid, wantDID)
	}
	r, err := resolver()
	if err != nil {
		return nil, err
	}
	pub, _, err := didmethod.VerificationKey(context.Background(), r, kid, didmethod.AssertionMethod)
	return pub, err
}
