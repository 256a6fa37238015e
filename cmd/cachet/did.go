package main

import (
	"context"

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
// for assertions, after checking that it belongs to wantDID (the
// credential's issuer, or the holder).
func resolveKid(kid, wantDID string) (*keys.PublicKey, error) {
	if kid == "" {
		return nil, errNoKid
	}
	r, err := resolver()
	if err != nil {
		return nil, err
	}
	return didmethod.KeyOf(context.Background(), r, kid, wantDID, didmethod.AssertionMethod)
}
