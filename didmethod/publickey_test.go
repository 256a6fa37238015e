package didmethod

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/mr-tron/base58"

	"github.com/cachet-district/cachet/keys"
)

func TestVerificationMethodPublicKey(t *testing.T) {
	ed, err := keys.Generate(keys.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	p256, err := keys.Generate(keys.ES256)
	if err != nil {
		t.Fatal(err)
	}
	jwkOf := func(k *keys.PrivateKey) json.RawMessage {
		b, _ := json.Marshal(k.Public().JWK())
		return b
	}
	// secp256k1-pub (0xe7 0x01) with a 33-byte key: a did:key type Cachet
	// does not read.
	secp := "z" + base58.Encode(append([]byte{0xe7, 0x01, 0x02}, make([]byte, 32)...))
	privateJWK, _ := ed.MarshalPrivateJWK()
	offCurve := json.RawMessage(`{"kty":"EC","crv":"P-256","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE"}`)

	cases := []struct {
		name string
		vm   VerificationMethod
		want *keys.PrivateKey // nil: an error is expected
		err  error
	}{
		{"JsonWebKey Ed25519", VerificationMethod{Type: "JsonWebKey", PublicKeyJwk: jwkOf(ed)}, ed, nil},
		{"JsonWebKey2020 P-256", VerificationMethod{Type: "JsonWebKey2020", PublicKeyJwk: jwkOf(p256)}, p256, nil},
		{"Multikey Ed25519", VerificationMethod{Type: "Multikey", PublicKeyMultibase: ed.Public().Multibase()}, ed, nil},
		{"Multikey P-256", VerificationMethod{Type: "Multikey", PublicKeyMultibase: p256.Public().Multibase()}, p256, nil},
		{"Ed25519VerificationKey2020", VerificationMethod{Type: "Ed25519VerificationKey2020", PublicKeyMultibase: ed.Public().Multibase()}, ed, nil},
		{"Ed25519VerificationKey2020 with a P-256 key", VerificationMethod{Type: "Ed25519VerificationKey2020", PublicKeyMultibase: p256.Public().Multibase()}, nil, ErrInvalidPublicKeyType},
		{"JsonWebKey with multibase material", VerificationMethod{Type: "JsonWebKey", PublicKeyMultibase: ed.Public().Multibase()}, nil, ErrInvalidPublicKeyType},
		{"Multikey with jwk material", VerificationMethod{Type: "Multikey", PublicKeyJwk: jwkOf(ed)}, nil, ErrInvalidPublicKeyType},
		{"unknown type", VerificationMethod{Type: "EcdsaSecp256k1VerificationKey2019", PublicKeyJwk: jwkOf(p256)}, nil, ErrUnsupportedPublicKeyType},
		{"jwk secp256k1", VerificationMethod{Type: "JsonWebKey", PublicKeyJwk: json.RawMessage(`{"kty":"EC","crv":"secp256k1","x":"AA","y":"AA"}`)}, nil, ErrUnsupportedPublicKeyType},
		{"jwk point off the curve", VerificationMethod{Type: "JsonWebKey", PublicKeyJwk: offCurve}, nil, ErrInvalidPublicKey},
		{"jwk with private key", VerificationMethod{Type: "JsonWebKey", PublicKeyJwk: privateJWK}, nil, ErrPrivateKeyMaterial},
		{"jwk alg does not fit", VerificationMethod{Type: "JsonWebKey", PublicKeyJwk: json.RawMessage(`{"kty":"OKP","crv":"Ed25519","alg":"ES256","x":"` + ed.Public().JWK().X + `"}`)}, nil, ErrInvalidPublicKey},
		{"multikey secp256k1", VerificationMethod{Type: "Multikey", PublicKeyMultibase: secp}, nil, ErrUnsupportedPublicKeyType},
		{"multikey short ed25519", VerificationMethod{Type: "Multikey", PublicKeyMultibase: "z" + base58.Encode([]byte{0xed, 0x01, 1, 2, 3})}, nil, ErrInvalidPublicKey},
		{"multikey not base58", VerificationMethod{Type: "Multikey", PublicKeyMultibase: "z0OIl"}, nil, ErrInvalidPublicKey},
		{"multikey base64url", VerificationMethod{Type: "Multikey", PublicKeyMultibase: "u7QE"}, nil, ErrInvalidPublicKey},
		{"multikey bad varint", VerificationMethod{Type: "Multikey", PublicKeyMultibase: "z" + base58.Encode([]byte{0xff, 0xff})}, nil, ErrInvalidPublicKey},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pub, err := tc.vm.PublicKey()
			if tc.want == nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("got %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !pub.Equal(tc.want.Public()) {
				t.Error("wrong key")
			}
		})
	}
}

func TestUvarint(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		code uint64
		n    int
		ok   bool
	}{
		{"ed25519-pub", []byte{0xed, 0x01, 9}, 0xed, 2, true},
		{"p256-pub", []byte{0x80, 0x24}, 0x1200, 2, true},
		{"one byte", []byte{0x12}, 0x12, 1, true},
		{"not minimal", []byte{0x80, 0x00}, 0, 0, false},
		{"truncated", []byte{0x80}, 0, 0, false},
		{"empty", nil, 0, 0, false},
		{"longer than 9 bytes", []byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, 0, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, n, ok := uvarint(tc.in)
			if code != tc.code || n != tc.n || ok != tc.ok {
				t.Errorf("got %x %d %v", code, n, ok)
			}
		})
	}
}
