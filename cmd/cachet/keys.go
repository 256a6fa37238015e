package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/cachet-district/cachet/keys"
)

// passphraseEnv names the environment variable holding the key store
// passphrase: the command never reads a terminal, so it runs the same in
// scripts and CI.
const passphraseEnv = "CACHET_KEYSTORE_PASSPHRASE"

// keysNew: cachet keys new --alg EdDSA|ES256 (--out FILE | --store FILE --id ID --role ROLE)
func keysNew(e env, args []string) error {
	fs := newFlags(e, "keys new")
	alg := fs.String("alg", string(keys.EdDSA), "signature algorithm: EdDSA or ES256")
	out := fs.String("out", "", "write the private JWK to this file (mode 0600; never overwritten); - for standard output")
	store := fs.String("store", "", "add the key to this encrypted key store instead (created if missing; passphrase from $"+passphraseEnv+")")
	id := fs.String("id", "", "the key's name in the store; other commands then take --key STORE#ID")
	role := fs.String("role", string(keys.RoleIssuer), "the key's role in the store: issuer, holder or verifier")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if (*out == "") == (*store == "") {
		return usagef("give exactly one of --out and --store")
	}
	a := keys.Algorithm(*alg)
	if !a.Supported() {
		return usagef("unsupported --alg %q: use EdDSA or ES256", *alg)
	}
	k, err := keys.Generate(a)
	if err != nil {
		return err
	}
	if *store != "" {
		return addToStore(e, *store, *id, keys.Role(*role), k)
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

// addToStore adds k to the key store at path, creating the store if needed.
func addToStore(e env, path, id string, role keys.Role, k *keys.PrivateKey) error {
	if id == "" {
		return usagef("--store needs --id")
	}
	if !role.Valid() {
		return usagef("unknown --role %q", role)
	}
	pass := e.getenv(passphraseEnv)
	if pass == "" {
		return usagef("set $%s to the key store passphrase", passphraseEnv)
	}
	s, err := keys.OpenStore(path, []byte(pass))
	if errors.Is(err, os.ErrNotExist) {
		s, err = keys.CreateStore(path, []byte(pass), keys.DefaultArgon2())
	}
	if err != nil {
		return usagef("key store %s: %v", path, err)
	}
	if err := s.Add(id, role, k, e.now()); err != nil {
		return usagef("key store %s: %v", path, err)
	}
	fmt.Fprintf(e.stdout, "added %s %s key %q to %s\nthumbprint: %s\n", k.Algorithm(), role, id, path, k.Public().Thumbprint())
	return nil
}

// loadPrivateKey reads a private key: a JWK file written by keys new, or
// STORE#ID naming a key of an encrypted key store, which must have role.
func loadPrivateKey(e env, path, what string, role keys.Role) (*keys.PrivateKey, error) {
	if store, id, ok := strings.Cut(path, "#"); ok {
		pass := e.getenv(passphraseEnv)
		if pass == "" {
			return nil, usagef("%s: set $%s to open the key store", what, passphraseEnv)
		}
		s, err := keys.OpenStore(store, []byte(pass))
		if err != nil {
			return nil, usagef("%s: %v", what, err)
		}
		k, err := s.Signer(id, role)
		if err != nil {
			return nil, usagef("%s: %v", what, err)
		}
		return k, nil
	}
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

// loadPublicKey reads a JWK file, public or private, or a holder key of a
// key store (STORE#ID), and returns the public key.
func loadPublicKey(e env, path, what string) (*keys.PublicKey, error) {
	if _, _, ok := strings.Cut(path, "#"); ok {
		k, err := loadPrivateKey(e, path, what, keys.RoleHolder)
		if err != nil {
			return nil, err
		}
		return k.Public(), nil
	}
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
