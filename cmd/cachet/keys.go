package main

import (
	"fmt"

	"github.com/cachet-district/cachet/keys"
)

// keysNew: cachet keys new --alg EdDSA|ES256 --out FILE
func keysNew(e env, args []string) error {
	fs := newFlags(e, "keys new")
	alg := fs.String("alg", string(keys.EdDSA), "signature algorithm: EdDSA or ES256")
	out := fs.String("out", "", "write the private JWK to this file (mode 0600; never overwritten); - for standard output")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("missing --out")
	}
	a := keys.Algorithm(*alg)
	if !a.Supported() {
		return usagef("unsupported --alg %q: use EdDSA or ES256", *alg)
	}
	k, err := keys.Generate(a)
	if err != nil {
		return err
	}
	priv, err := k.MarshalPrivateJWK()
	if err != nil {
		return err
	}
	if err := writeOut(e, *out, append(priv, '\n')); err != nil {
		return err
	}
	if *out != "-" {
		pub, _ := k.Public().MarshalJSON()
		fmt.Fprintf(e.stdout, "wrote %s private key to %s\npublic jwk: %s\nthumbprint: %s\n", a, *out, pub, k.Public().Thumbprint())
	}
	return nil
}

// loadPrivateKey reads a private JWK file written by keys new.
func loadPrivateKey(e env, path, what string) (*keys.PrivateKey, error) {
	b, err := readIn(e, path, what)
	if err != nil {
		return nil, err
	}
	k, err := keys.ParsePrivateJWK(b)
	if err != nil {
		return nil, usagef("%s: %v", what, err)
	}
	return k, nil
}

// loadPublicKey reads a JWK file, public or private, and returns the public
// key.
func loadPublicKey(e env, path, what string) (*keys.PublicKey, error) {
	b, err := readIn(e, path, what)
	if err != nil {
		return nil, err
	}
	if k, err := keys.ParsePrivateJWK(b); err == nil {
		return k.Public(), nil
	}
	k, err := keys.ParseJWK(b)
	if err != nil {
		return nil, usagef("%s: %v", what, err)
	}
	return k, nil
}
