package ledger

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cachet-district/cachet/keys"
)

func TestDIDCreate(t *testing.T) {
	ctl, as := mustKey(t, keys.EdDSA), mustKey(t, keys.ES256)
	good := docFor(ctl, as)
	build := func(t *testing.T, doc Document, signer keys.Signer, kid string) []byte {
		tx, _, err := NewDIDCreate(testChain, doc, signer, kid)
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	noInvocation := docFor(ctl, as)
	noInvocation.CapabilityInvocation = nil
	dupID := docFor(ctl, as)
	dupID.Service[0].ID = "#ctl"
	badRef := docFor(ctl, as)
	badRef.AssertionMethod = []string{"#nope"}
	badJWK := docFor(ctl, as)
	badJWK.VerificationMethod[0].PublicKeyJwk = &keys.JWK{Kty: "OKP", Crv: "Ed25519", X: "AAAA"}
	badType := docFor(ctl, as)
	badType.VerificationMethod[0].Type = "RsaVerificationKey2018"
	relFrag := docFor(ctl, as)
	relFrag.VerificationMethod[0].ID = "did:cachet:x#ctl"
	sameKey := docFor(ctl, as)
	sameKey.VerificationMethod[1] = VerificationMethod{ID: "#again", Type: TypeMultikey, PublicKeyMultibase: ctl.Public().Multibase()}
	sameKey.AssertionMethod = nil
	tooMany := docFor(ctl, as)
	for range MaxVerificationMethods {
		k := mustKey(t, keys.EdDSA)
		tooMany.VerificationMethod = append(tooMany.VerificationMethod, VerificationMethod{ID: "#k" + k.Public().Thumbprint()[:8], Type: TypeMultikey, PublicKeyMultibase: k.Public().Multibase()})
	}
	huge := docFor(ctl, as)
	for i := range MaxServices - 1 {
		huge.Service = append(huge.Service, Service{ID: "#s" + string(rune('a'+i)), Type: strings.Repeat("t", MaxStringLength), ServiceEndpoint: "https://" + strings.Repeat("e", MaxStringLength-8)})
	}
	unknownType, _, err := BuildTx(testChain, "did.explode", 0, "", DocumentOp{Document: good}, TxSigner{KID: "#ctl", Signer: ctl})
	if err != nil {
		t.Fatal(err)
	}
	nonEmptySigner, _, err := BuildTx(testChain, TypeDIDCreate, 0, "did:cachet:someone", DocumentOp{Document: good}, TxSigner{KID: "#ctl", Signer: ctl})
	if err != nil {
		t.Fatal(err)
	}
	wrongChain, _, err := NewDIDCreate("other-chain", good, ctl, "#ctl")
	if err != nil {
		t.Fatal(err)
	}
	valid := build(t, good, ctl, "#ctl")
	tests := []struct {
		name string
		tx   []byte
		want error
	}{
		{"valid", valid, nil},
		{"replayed create", valid, ErrExists},
		{"bad signature", tamper(t, build(t, good, ctl, "#ctl")), ErrBadSignature},
		{"signed by assertion key", build(t, good, as, "#sign"), ErrWrongSigner},
		{"signed by a key not in the document", build(t, good, mustKey(t, keys.EdDSA), "#other"), ErrWrongSigner},
		{"kid of another DID", build(t, good, ctl, "did:cachet:abc#ctl"), ErrWrongSigner},
		{"wrong key under the right kid", build(t, good, as, "#ctl"), ErrBadSignature},
		{"wrong chain", wrongChain, ErrWrongChain},
		{"signer not empty", nonEmptySigner, ErrMalformed},
		{"no capabilityInvocation", build(t, noInvocation, ctl, "#ctl"), ErrInvalidDocument},
		{"duplicate id", build(t, dupID, ctl, "#ctl"), ErrInvalidDocument},
		{"reference to no method", build(t, badRef, ctl, "#ctl"), ErrInvalidDocument},
		{"unparseable jwk", build(t, badJWK, ctl, "#ctl"), ErrInvalidDocument},
		{"unsupported method type", build(t, badType, ctl, "#ctl"), ErrInvalidDocument},
		{"absolute id", build(t, relFrag, ctl, "#ctl"), ErrInvalidDocument},
		{"same key twice", build(t, sameKey, ctl, "#ctl"), ErrInvalidDocument},
		{"too many methods", build(t, tooMany, ctl, "#ctl"), ErrInvalidDocument},
		{"document too large", build(t, huge, ctl, "#ctl"), ErrTooLarge},
		{"unknown type", unknownType, ErrUnknownType},
		{"garbage", []byte("not json"), ErrMalformed},
		{"empty", nil, ErrMalformed},
		{"white space", append([]byte(" "), valid...), ErrMalformed},
		{"too large", bytes.Repeat([]byte("a"), MaxTxSize+1), ErrTooLarge},
	}
	w := newWorld(t)
	for _, tc := range tests {
		w.t = t
		t.Run(tc.name, func(t *testing.T) {
			w.t = t
			w.expect(tc.tx, tc.want)
		})
	}
}

func TestDIDCreateIsSelfCertifying(t *testing.T) {
	ctl, as := mustKey(t, keys.EdDSA), mustKey(t, keys.ES256)
	tx, did, err := NewDIDCreate(testChain, docFor(ctl, as), ctl, "#ctl")
	if err != nil {
		t.Fatal(err)
	}
	d, err := DecodeTx(tx)
	if err != nil {
		t.Fatal(err)
	}
	if got := DIDFromCreatePayload(d.PayloadBytes); got != did || !validDID(did) {
		t.Fatalf("did %q, payload gives %q", did, got)
	}
	if bytes.Contains(d.PayloadBytes, []byte(did)) {
		t.Fatal("the create payload names its own DID")
	}
}

func TestDIDUpdateAndDeactivate(t *testing.T) {
	w := newWorld(t)
	b := w.newBureau()
	other := w.newBureau()
	newCtl := mustKey(t, keys.ES256)
	rotated := docFor(newCtl, b.assert)
	upd := func(seq uint64, doc Document, k keys.Signer, kid string) []byte {
		tx, err := NewDIDUpdate(testChain, b.did, seq, doc, k, kid)
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	deact := func(did string, seq uint64, k keys.Signer, kid string) []byte {
		tx, err := NewDIDDeactivate(testChain, did, seq, k, kid)
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	lockout := docFor(b.ctl, b.assert)
	lockout.CapabilityInvocation = nil
	withService := docFor(b.ctl, b.assert)
	withService.Service = append(withService.Service, Service{ID: "#portal", Type: "LinkedDomains", ServiceEndpoint: "https://bureau.example"})
	first := upd(1, withService, b.ctl, "#ctl")
	textEndpoint := docFor(b.ctl, b.assert)
	textEndpoint.Service = append(textEndpoint.Service, Service{ID: "#portal", Type: "LinkedDomains", ServiceEndpoint: "bureau status page"})
	tests := []struct {
		name string
		tx   []byte
		want error
	}{
		{"bad signature", tamper(t, upd(1, rotated, b.ctl, "#ctl")), ErrBadSignature},
		{"signed by assertion key", upd(1, rotated, b.assert, "#sign"), ErrWrongSigner},
		{"signed by another DID's key", upd(1, rotated, other.ctl, other.did+"#ctl"), ErrWrongSigner},
		{"seq skips ahead", upd(2, rotated, b.ctl, "#ctl"), ErrReplay},
		{"seq zero", upd(0, rotated, b.ctl, "#ctl"), ErrReplay},
		{"update that locks the DID out", upd(1, lockout, b.ctl, "#ctl"), ErrInvalidDocument},
		{"service endpoint not a URI", upd(1, textEndpoint, b.ctl, "#ctl"), ErrInvalidDocument},
		{"valid update adding a service", first, nil},
		{"replayed update", first, ErrReplay},
		{"valid rotation", upd(2, rotated, b.ctl, "#ctl"), nil},
		{"old key after rotation", upd(3, rotated, b.ctl, "#ctl"), ErrBadSignature},
		{"new key after rotation, full DID URL kid", upd(3, rotated, newCtl, b.did+"#ctl"), nil},
		{"unknown DID", deact(DIDFromCreatePayload([]byte("nobody")), 1, b.ctl, "#ctl"), ErrUnknownDID},
		{"deactivate signed by another DID's key", deact(b.did, 4, other.ctl, "#ctl"), ErrBadSignature},
		{"deactivate", deact(b.did, 4, newCtl, "#ctl"), nil},
		{"update after deactivation", upd(5, rotated, newCtl, "#ctl"), ErrDeactivated},
		{"deactivate again", deact(b.did, 5, newCtl, "#ctl"), ErrDeactivated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w.t = t
			w.expect(tc.tx, tc.want)
		})
	}
}

func TestResolveHistory(t *testing.T) {
	w := newWorld(t)
	t0 := w.now
	b := w.newBureau() // version 1 at t0
	w.block()          // t0+1h: nothing
	newCtl := mustKey(t, keys.EdDSA)
	tx, err := NewDIDUpdate(testChain, b.did, 1, docFor(newCtl, b.assert), b.ctl, "#ctl")
	if err != nil {
		t.Fatal(err)
	}
	t2 := w.now
	w.mustApply(tx) // version 2 at t0+2h
	tx, err = NewDIDDeactivate(testChain, b.did, 2, newCtl, "#ctl")
	if err != nil {
		t.Fatal(err)
	}
	t3 := w.now
	w.mustApply(tx) // version 3 at t0+3h

	at := func(d time.Duration) *time.Time { v := t0.Add(d); return &v }
	tests := []struct {
		name        string
		versionID   string
		versionTime *time.Time
		wantVersion string
		wantCtl     *keys.PrivateKey // nil: deactivated
		wantNext    *time.Time
		wantErr     error
	}{
		{"latest is the deactivation", "", nil, "3", nil, nil, nil},
		{"at creation", "", at(0), "1", b.ctl, &t2, nil},
		{"before the rotation", "", at(90 * time.Minute), "1", b.ctl, &t2, nil},
		{"at the rotation", "", at(2 * time.Hour), "2", newCtl, &t3, nil},
		{"between rotation and deactivation", "", at(150 * time.Minute), "2", newCtl, &t3, nil},
		{"years later", "", at(24 * 365 * 2 * time.Hour), "3", nil, nil, nil},
		{"before creation", "", at(-time.Second), "", nil, nil, ErrNotFound},
		{"versionId 1", "1", nil, "1", b.ctl, &t2, nil},
		{"versionId 2", "2", nil, "2", newCtl, &t3, nil},
		{"versionId 4", "4", nil, "", nil, nil, ErrNotFound},
		{"versionId 01", "01", nil, "", nil, nil, ErrNotFound},
		{"both parameters", "1", at(0), "", nil, nil, ErrBadQuery},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := w.s.ResolveDID(b.did, tc.versionID, tc.versionTime)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			m := res.Metadata
			if m.VersionID != tc.wantVersion || !m.Created.Equal(t0) {
				t.Fatalf("metadata %+v", m)
			}
			if (tc.wantNext == nil) != (m.NextUpdate == nil) || tc.wantNext != nil && !m.NextUpdate.Equal(*tc.wantNext) {
				t.Fatalf("nextUpdate %v, want %v", m.NextUpdate, tc.wantNext)
			}
			if tc.wantCtl == nil {
				if !m.Deactivated || res.Document != nil {
					t.Fatalf("want deactivated, got %+v", res)
				}
				return
			}
			k, err := res.Document.VerificationMethod[0].PublicKey()
			if err != nil {
				t.Fatal(err)
			}
			if !k.Equal(tc.wantCtl.Public()) {
				t.Fatal("wrong controller key for this version")
			}
		})
	}
	if _, err := w.s.ResolveDID(DIDFromCreatePayload([]byte("nobody")), "", nil); !errors.Is(err, ErrUnknownDID) {
		t.Fatalf("unknown DID: %v", err)
	}
	if _, err := w.s.ResolveDID("did:web:example.com", "", nil); !errors.Is(err, ErrUnknownDID) {
		t.Fatalf("other method: %v", err)
	}
}

func TestDecodeTxCanonical(t *testing.T) {
	ctl, as := mustKey(t, keys.EdDSA), mustKey(t, keys.ES256)
	tx, _, err := NewDIDCreate(testChain, docFor(ctl, as), ctl, "#ctl")
	if err != nil {
		t.Fatal(err)
	}
	d, err := DecodeTx(tx)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(d.Encode(), tx) {
		t.Fatal("decode/encode round trip changed the bytes")
	}
	payload := string(d.PayloadBytes)
	withPayload := func(p string) []byte {
		c := *d
		c.PayloadBytes = []byte(p)
		return c.Encode()
	}
	tests := []struct {
		name string
		tx   []byte
	}{
		{"unknown envelope member", bytes.Replace(tx, []byte(`{"payload"`), []byte(`{"x":1,"payload"`), 1)},
		{"duplicate envelope member", bytes.Replace(tx, []byte(`,"sigs"`), []byte(`,"sigs":[],"sigs"`), 1)},
		{"members reordered", withPayload(strings.Replace(payload, `{"chain":"cachet-test","type":"did.create"`, `{"type":"did.create","chain":"cachet-test"`, 1))},
		{"unknown payload member", withPayload(strings.Replace(payload, `{"chain"`, `{"extra":true,"chain"`, 1))},
		{"upper-case member name", withPayload(strings.Replace(payload, `"chain"`, `"Chain"`, 1))},
		{"white space in op", withPayload(strings.Replace(payload, `"op":{`, `"op": {`, 1))},
		{"unknown op member", withPayload(strings.Replace(payload, `"op":{`, `"op":{"x":1,`, 1))},
		{"escaped character", withPayload(strings.Replace(payload, `"did.create"`, `"did\u002ecreate"`, 1))},
		{"op not an object", withPayload(`{"chain":"cachet-test","type":"did.create","seq":0,"signer":"","op":[]}`)},
		{"negative seq", withPayload(`{"chain":"cachet-test","type":"did.create","seq":-1,"signer":"","op":{}}`)},
		{"no signatures", []byte(`{"payload":"e30","sigs":[]}`)},
		{"null signatures", []byte(`{"payload":"e30","sigs":null}`)},
		{"padded base64", []byte(`{"payload":"e30=","sigs":[{"kid":"#a","sig":"AA"}]}`)},
		{"invalid utf-8", []byte("{\"payload\":\"e30\xff\",\"sigs\":[{\"kid\":\"#a\",\"sig\":\"AA\"}]}")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeTx(tc.tx)
			if err == nil {
				// Some mutations keep the payload decodable but change
				// the op: those are caught when the op is decoded.
				w := newWorld(t)
				w.expect(tc.tx, ErrMalformed)
				return
			}
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("err %v, want ErrMalformed", err)
			}
		})
	}
}
