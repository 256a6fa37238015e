package status

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzDecodeBitstring: no input panics; a decoded bitstring re-encodes to
// one that decodes to the same bytes; reads inside succeed and reads past
// the end are RANGE_ERROR.
func FuzzDecodeBitstring(f *testing.F) {
	var cred struct {
		CredentialSubject struct {
			EncodedList string `json:"encodedList"`
		} `json:"credentialSubject"`
	}
	readJSON(f, &cred, "bitstringstatuslist", "spec_example_credential.json")
	f.Add(cred.CredentialSubject.EncodedList)
	for _, file := range []string{"testsuite_single_purpose_ok.jsonld", "testsuite_short_encoded_list_fail.jsonld"} {
		readJSON(f, &cred, "bitstringstatuslist", file)
		f.Add(cred.CredentialSubject.EncodedList)
		f.Add("u" + cred.CredentialSubject.EncodedList)
	}
	f.Add("u")
	f.Add("")
	f.Add("uH4sIAAAAAAAAA")
	f.Fuzz(func(t *testing.T, encoded string) {
		bs, err := DecodeBitstring(encoded)
		if err != nil {
			var pe *ProcessingError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a ProcessingError", err)
			}
			return
		}
		raw := bs.Bytes()
		if len(raw) < minBitstringBytes || len(raw) > MaxListSize {
			t.Fatalf("decoded %d bytes", len(raw))
		}
		enc, err := EncodeBitstring(raw)
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeBitstring(enc)
		if err != nil || !bytes.Equal(back.Bytes(), raw) {
			t.Fatalf("round trip: %v", err)
		}
		for _, size := range []int{1, 2, 3, 8} {
			n := uint64(bs.Entries(size))
			if _, err := bs.Status(n-1, size); err != nil {
				t.Fatalf("last entry of size %d: %v", size, err)
			}
			if _, err := bs.Status(n, size); !errors.Is(err, ErrRange) {
				t.Fatalf("entry past the end of size %d: %v", size, err)
			}
		}
	})
}

// FuzzDecodeTokenList: no input panics; a decoded list carried through a
// List and re-encoded decodes to the same bytes, status for status.
func FuzzDecodeTokenList(f *testing.F) {
	f.Add(1, "eNrbuRgAAhcBXQ")
	f.Add(2, "eNo76fITAAPfAgc")
	for _, file := range []string{"appendix_c1_bits1.json", "appendix_c2_bits2.json", "appendix_c3_bits4.json"} {
		var v appendixCVector
		readJSON(f, &v, "tokenstatuslist", file)
		f.Add(v.Bits, v.Lst)
	}
	f.Add(3, "eNrbuRgAAhcBXQ")
	f.Add(8, "")
	f.Fuzz(func(t *testing.T, bits int, lst string) {
		tl, err := DecodeTokenList(bits, lst)
		if err != nil {
			return
		}
		l, err := NewListFromTokenList(tl)
		if err != nil {
			t.Fatal(err)
		}
		sl, err := l.EncodeTokenList()
		if err != nil {
			t.Fatal(err)
		}
		back, err := sl.Decode()
		if err != nil || !bytes.Equal(back.Bytes(), tl.Bytes()) {
			t.Fatalf("round trip: %v", err)
		}
		n := tl.Len()
		for _, i := range []int{0, n / 3, n / 2, n - 1} {
			a, err1 := tl.Status(uint64(i))
			b, err2 := l.Get(i)
			if err1 != nil || err2 != nil || uint8(a) != b {
				t.Fatalf("index %d: %v %v %v %v", i, a, b, err1, err2)
			}
		}
		if _, err := tl.Status(uint64(n)); !errors.Is(err, ErrIndexOutOfRange) {
			t.Fatalf("past the end: %v", err)
		}
	})
}

// FuzzParseStatusListToken: no input panics Parse or Verify; a token this
// package signs verifies, and the same token with one byte changed does not.
func FuzzParseStatusListToken(f *testing.F) {
	k := testKey(f)
	l, err := NewList(64, 2)
	if err != nil {
		f.Fatal(err)
	}
	_ = l.Set(3, 2)
	sl, err := l.EncodeTokenList()
	if err != nil {
		f.Fatal(err)
	}
	iat := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	now := iat.Add(time.Hour)
	signed, err := SignStatusListToken(k, "k1", TokenClaims{Subject: tokenURI, IssuedAt: iat, Expiry: iat.Add(48 * time.Hour), TTL: time.Hour, StatusList: sl})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(signed, uint(0))
	f.Add(string(bytes.TrimSpace(readFile(f, "tokenstatuslist", "section8_2_token.jwt"))), uint(40))
	f.Add("eyJhbGciOiJub25lIn0.e30.", uint(7))
	f.Add(strings.Repeat(".", 3), uint(1))
	f.Fuzz(func(t *testing.T, compact string, flip uint) {
		// Arbitrary input never panics, and the one token k signed is the
		// only one that verifies with k: no other text (a re-encoding, a
		// changed signature) is accepted for it.
		if tok, err := ParseStatusListToken(compact); err == nil {
			if _, err := tok.Verify(k.Public(), edOnly, now, tokenURI); err == nil && compact != signed {
				t.Fatalf("a token k never signed verifies: %q", compact)
			}
		}

		tok, err := ParseStatusListToken(signed)
		if err != nil {
			t.Fatal(err)
		}
		tl, err := tok.Verify(k.Public(), edOnly, now, tokenURI)
		if err != nil {
			t.Fatal(err)
		}
		if s, _ := tl.Status(3); s != StatusSuspended {
			t.Fatalf("status %v", s)
		}
		b := []byte(signed)
		i := int(flip % uint(len(b)))
		b[i] ^= byte(1 + flip/uint(len(b))%255)
		if tok, err := ParseStatusListToken(string(b)); err == nil {
			if _, err := tok.Verify(k.Public(), edOnly, now, tokenURI); err == nil {
				t.Fatalf("changed byte %d still verifies", i)
			}
		}
	})
}

// FuzzParseEntry: no input panics; an accepted entry marshals to JSON that
// parses to the same entry.
func FuzzParseEntry(f *testing.F) {
	var raws []json.RawMessage
	readJSON(f, &raws, "bitstringstatuslist", "spec_example_entries.json")
	for _, r := range raws {
		f.Add([]byte(r))
	}
	f.Add([]byte(`{"type":"BitstringStatusListEntry","statusPurpose":"message","statusListIndex":"0","statusListCredential":"https://a.example/l","statusSize":1,"statusMessage":[{"status":"0x0","message":"a"},{"status":"0x1","message":"b"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := ParseEntry(data)
		if err != nil {
			return
		}
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		e2, err := ParseEntry(b)
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		b2, _ := json.Marshal(e2)
		if !bytes.Equal(b, b2) {
			t.Fatalf("%s != %s", b, b2)
		}
	})
}

// FuzzParseStatusClaim: no input panics; an accepted claim round-trips.
func FuzzParseStatusClaim(f *testing.F) {
	f.Add(readFile(f, "tokenstatuslist", "section6_2_status_claim.json"))
	f.Add([]byte(`{"status_list":{"idx":18446744073709551615,"uri":"https://a.example/l"}}`))
	f.Add([]byte(`{"status_list":{"idx":-0,"uri":"x:y"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ref, err := ParseStatusClaim(data)
		if err != nil {
			return
		}
		b, _ := json.Marshal(StatusClaim{StatusList: *ref})
		ref2, err := ParseStatusClaim(b)
		if err != nil || *ref2 != *ref {
			t.Fatalf("%s: %v", b, err)
		}
	})
}

// FuzzParseStatusListCredential: no input panics; an accepted credential
// marshals to JSON that parses to the same credential.
func FuzzParseStatusListCredential(f *testing.F) {
	f.Add(readFile(f, "bitstringstatuslist", "spec_example_credential.json"))
	f.Add([]byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","BitstringStatusListCredential"],"issuer":{"id":"did:x:y"},"credentialSubject":{"type":"BitstringStatusList","statusPurpose":["revocation","suspension"],"encodedList":"u","ttl":1000}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseStatusListCredential(data)
		if err != nil {
			return
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := ParseStatusListCredential(b)
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		b2, _ := json.Marshal(c2)
		if !bytes.Equal(b, b2) {
			t.Fatalf("%s != %s", b, b2)
		}
	})
}
