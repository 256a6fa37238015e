package status

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"

	"github.com/cachet-district/cachet/keys"
)

type section4Vector struct {
	Source        string `json:"source"`
	Bits          int    `json:"bits"`
	Lst           string `json:"lst"`
	ByteArrayHex  string `json:"byte_array_hex"`
	CompressedHex string `json:"compressed_hex"`
	CBORHex       string `json:"cbor_hex"`
	Statuses      []int  `json:"statuses"`
}

type appendixCVector struct {
	Source  string   `json:"source"`
	Bits    int      `json:"bits"`
	Size    int      `json:"size"`
	Lst     string   `json:"lst"`
	CBORHex string   `json:"cbor_hex"`
	Set     [][2]int `json:"set"`
}

// cborLst returns the byte string following the "lst" key of a CBOR
// StatusList (draft §4.3), enough of CBOR for the draft's vectors.
func cborLst(t *testing.T, h string) []byte {
	t.Helper()
	b, err := hex.DecodeString(h)
	if err != nil {
		t.Fatal(err)
	}
	k := bytes.Index(b, []byte("\x63lst"))
	if k < 0 {
		t.Fatal("no lst key")
	}
	k += 4
	var n int
	switch hd := b[k]; {
	case hd >= 0x40 && hd < 0x58:
		n, k = int(hd-0x40), k+1
	case hd == 0x58:
		n, k = int(b[k+1]), k+2
	case hd == 0x59:
		n, k = int(b[k+1])<<8|int(b[k+2]), k+3
	default:
		t.Fatalf("unexpected CBOR head %x", hd)
	}
	if k+n != len(b) {
		t.Fatalf("byte string of %d at %d in %d bytes", n, k, len(b))
	}
	return b[k:]
}

// TestTokenStatusListSection4 checks the examples of draft §4.1-§4.3: the
// draft's lst decodes to the draft's byte array and statuses, the statuses
// set in a List give the same byte array (bit order: index 0 in the least
// significant bit), and what the List encodes decodes to the same bytes.
// The same logical statuses in the W3C layout put index 0 in the most
// significant bit.
func TestTokenStatusListSection4(t *testing.T) {
	for _, tc := range []struct {
		file         string
		bitstringHex string // the same statuses laid out as a W3C bitstring
	}{
		// 1 0 0 1 1 1 0 1 | 1 1 0 0 0 1 0 1 read left to right.
		{"section4_bits1.json", "9dc5"},
		// 01 10 00 11 | 00 01 00 01 | 01 10 11 11 read left to right.
		{"section4_bits2.json", "63116f"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var v section4Vector
			readJSON(t, &v, "tokenstatuslist", tc.file)
			want, _ := hex.DecodeString(v.ByteArrayHex)

			compressed, err := decodeBase64URL(v.Lst)
			requireNoErr(t, err)
			if got := hex.EncodeToString(compressed); got != v.CompressedHex {
				t.Fatalf("lst decodes to %s, draft says %s", got, v.CompressedHex)
			}
			if v.CBORHex != "" && !bytes.Equal(cborLst(t, v.CBORHex), compressed) {
				t.Fatal("CBOR lst differs from JSON lst")
			}

			tl, err := DecodeTokenList(v.Bits, v.Lst)
			requireNoErr(t, err)
			if !bytes.Equal(tl.Bytes(), want) {
				t.Fatalf("byte array %x, want %x", tl.Bytes(), want)
			}
			if tl.Len() != len(v.Statuses) {
				t.Fatalf("Len %d, want %d", tl.Len(), len(v.Statuses))
			}
			for i, s := range v.Statuses {
				got, err := tl.Status(uint64(i))
				requireNoErr(t, err)
				if int(got) != s {
					t.Errorf("status[%d] = %d, want %d", i, got, s)
				}
			}

			l, err := NewList(len(v.Statuses), v.Bits)
			requireNoErr(t, err)
			for i, s := range v.Statuses {
				requireNoErr(t, l.Set(i, uint8(s)))
			}
			if !bytes.Equal(l.TokenBytes(), want) {
				t.Fatalf("List byte array %x, want %x", l.TokenBytes(), want)
			}
			sl, err := l.EncodeTokenList()
			requireNoErr(t, err)
			back, err := sl.Decode()
			requireNoErr(t, err)
			if !bytes.Equal(back.Bytes(), want) {
				t.Fatalf("re-encoded list decodes to %x, want %x", back.Bytes(), want)
			}

			wantBitstring, _ := hex.DecodeString(tc.bitstringHex)
			if !bytes.Equal(l.BitstringBytes(), wantBitstring) {
				t.Fatalf("W3C layout %x, want %x", l.BitstringBytes(), wantBitstring)
			}
			bs := &Bitstring{raw: l.BitstringBytes()}
			for i, s := range v.Statuses {
				got, err := bs.Status(uint64(i), v.Bits)
				requireNoErr(t, err)
				if int(got) != s {
					t.Errorf("W3C status[%d] = %d, want %d", i, got, s)
				}
			}
		})
	}
}

// TestTokenStatusListAppendixC checks the test vectors of draft Appendix C
// and carries each list across to the W3C layout and back.
func TestTokenStatusListAppendixC(t *testing.T) {
	for _, file := range []string{"appendix_c1_bits1.json", "appendix_c2_bits2.json", "appendix_c3_bits4.json", "appendix_c4_bits8.json"} {
		t.Run(file, func(t *testing.T) {
			var v appendixCVector
			readJSON(t, &v, "tokenstatuslist", file)
			if v.CBORHex != "" {
				compressed, err := decodeBase64URL(v.Lst)
				requireNoErr(t, err)
				if !bytes.Equal(cborLst(t, v.CBORHex), compressed) {
					t.Fatal("CBOR lst differs from JSON lst")
				}
			}
			tl, err := DecodeTokenList(v.Bits, v.Lst)
			requireNoErr(t, err)
			if tl.Len() != v.Size {
				t.Fatalf("Len %d, want %d", tl.Len(), v.Size)
			}
			want := map[int]int{}
			for _, p := range v.Set {
				want[p[0]] = p[1]
			}
			fresh, err := NewList(v.Size, v.Bits)
			requireNoErr(t, err)
			for i := range v.Size {
				got, err := tl.Status(uint64(i))
				requireNoErr(t, err)
				if int(got) != want[i] {
					t.Fatalf("status[%d] = %d, want %d", i, got, want[i])
				}
				requireNoErr(t, fresh.Set(i, uint8(want[i])))
			}
			if !bytes.Equal(fresh.TokenBytes(), tl.Bytes()) {
				t.Fatal("a List with the vector's statuses has other bytes than the draft's lst")
			}

			// Token Status List -> List -> lst -> same bytes.
			l, err := NewListFromTokenList(tl)
			requireNoErr(t, err)
			sl, err := l.EncodeTokenList()
			requireNoErr(t, err)
			back, err := sl.Decode()
			requireNoErr(t, err)
			if !bytes.Equal(back.Bytes(), tl.Bytes()) {
				t.Fatal("re-encoded lst decodes to other bytes")
			}

			// The same statuses as a W3C bitstring, read back entry by entry.
			enc, err := l.EncodeBitstring()
			requireNoErr(t, err)
			bs, err := DecodeBitstring(enc)
			requireNoErr(t, err)
			for i, s := range want {
				got, err := bs.Status(uint64(i), v.Bits)
				requireNoErr(t, err)
				if int(got) != s {
					t.Fatalf("W3C status[%d] = %d, want %d", i, got, s)
				}
			}
			l2, err := NewListFromBitstring(bs, v.Bits)
			requireNoErr(t, err)
			if !bytes.Equal(l2.TokenBytes(), tl.Bytes()) {
				t.Fatal("W3C round trip changed the list")
			}
		})
	}
}

// TestTokenSection8_2 verifies the draft's complete example token with the
// draft's example key.
func TestTokenSection8_2(t *testing.T) {
	compact := string(bytes.TrimSpace(readFile(t, "tokenstatuslist", "section8_2_token.jwt")))
	key, err := keys.ParseJWK(readFile(t, "tokenstatuslist", "example_key_public.jwk"))
	requireNoErr(t, err)
	tok, err := ParseStatusListToken(compact)
	requireNoErr(t, err)
	const uri = "https://example.com/statuslists/1"
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	tl, err := tok.Verify(key, []keys.Algorithm{keys.ES256}, now, uri)
	requireNoErr(t, err)
	if got := tl.Bytes(); !bytes.Equal(got, []byte{0xb9, 0xa3}) {
		t.Fatalf("list %x", got)
	}
	if tok.Issuer != "https://example.com" || tok.TTL != 12*time.Hour ||
		!tok.IssuedAt.Equal(time.Unix(1686920170, 0)) || !tok.Expiry.Equal(time.Unix(2291720170, 0)) {
		t.Fatalf("claims %+v", tok)
	}
	ref, err := ParseStatusClaim(readFile(t, "tokenstatuslist", "section6_2_status_claim.json"))
	requireNoErr(t, err)
	if ref.URI != uri {
		t.Fatalf("uri %q", ref.URI)
	}
	st, err := ref.Lookup(tl)
	requireNoErr(t, err)
	if st != StatusInvalid {
		t.Fatalf("status of idx 0 = %v, want INVALID", st)
	}
	// After exp the same token is refused.
	_, err = tok.Verify(key, []keys.Algorithm{keys.ES256}, time.Unix(2291720170, 0), uri)
	requireErr(t, err, ErrTokenExpired)
}

func TestBitstringSpecExample(t *testing.T) {
	cred, err := ParseStatusListCredential(readFile(t, "bitstringstatuslist", "spec_example_credential.json"))
	requireNoErr(t, err)
	if cred.Issuer != "did:example:12345" || cred.ID != "https://example.com/credentials/status/3" ||
		!cred.ValidFrom.Equal(time.Date(2021, 4, 5, 14, 27, 40, 0, time.UTC)) {
		t.Fatalf("credential %+v", cred)
	}
	bs, err := DecodeBitstring(cred.CredentialSubject.EncodedList)
	requireNoErr(t, err)
	if bs.Len() != MinBitstringEntries || !bytes.Equal(bs.Bytes(), make([]byte, 16384)) {
		t.Fatalf("bitstring of %d bits, not all zero", bs.Len())
	}

	var raws []json.RawMessage
	readJSON(t, &raws, "bitstringstatuslist", "spec_example_entries.json")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	revocation, err := ParseEntry(raws[0])
	requireNoErr(t, err)
	res, err := ValidateCredential(cred, revocation, now)
	requireNoErr(t, err)
	if res.Status != 0 || !res.Valid || res.Purpose != PurposeRevocation {
		t.Fatalf("result %+v", res)
	}
	// The suspension entry names list 4, not this one.
	suspension, err := ParseEntry(raws[1])
	requireNoErr(t, err)
	_, err = ValidateCredential(cred, suspension, now)
	requireErr(t, err, ErrStatusVerification, ErrListMismatch)
}

// testSuiteSubject returns the credentialSubject of a W3C test-suite fixture,
// with "u" prepended to encodedList when prefix is set.
func testSuiteSubject(t *testing.T, file string, prefix bool) []byte {
	t.Helper()
	var fixture struct {
		CredentialSubject map[string]any `json:"credentialSubject"`
	}
	readJSON(t, &fixture, "bitstringstatuslist", file)
	if prefix {
		fixture.CredentialSubject["encodedList"] = "u" + fixture.CredentialSubject["encodedList"].(string)
	}
	b, err := json.Marshal(fixture.CredentialSubject)
	requireNoErr(t, err)
	return b
}

func testSuiteEntry(t *testing.T, file string) *Entry {
	t.Helper()
	var fixture struct {
		CredentialStatus json.RawMessage `json:"credentialStatus"`
	}
	readJSON(t, &fixture, "bitstringstatuslist", file)
	e, err := ParseEntry(fixture.CredentialStatus)
	requireNoErr(t, err)
	return e
}

// TestBitstringTestSuite runs the W3C test suite's status list fixtures. Bit
// 201 of the list is 0x40 of byte 25: index 0 is the left-most bit.
func TestBitstringTestSuite(t *testing.T) {
	_, err := ParseStatusListSubject(testSuiteSubject(t, "testsuite_single_purpose_ok.jsonld", false))
	requireErr(t, err, ErrMalformedValue, ErrMultibasePrefix)

	subject, err := ParseStatusListSubject(testSuiteSubject(t, "testsuite_single_purpose_ok.jsonld", true))
	requireNoErr(t, err)
	bs, err := DecodeBitstring(subject.EncodedList)
	requireNoErr(t, err)
	if bs.Len() != 200000 || bs.raw[25] != 0x40 {
		t.Fatalf("bitstring of %d bits, byte 25 = %#x", bs.Len(), bs.raw[25])
	}
	for i := range uint64(bs.Entries(1)) {
		v, err := bs.Status(i, 1)
		requireNoErr(t, err)
		if want := i == 201 || i == 57444 || i == 94023; (v == 1) != want {
			t.Fatalf("status[%d] = %d", i, v)
		}
	}

	revoked := testSuiteEntry(t, "testsuite_should_be_revoked.jsonld")
	res, err := ValidateSubject(subject, revoked)
	requireNoErr(t, err)
	if res.Status != 1 || res.Valid || res.Purpose != PurposeRevocation {
		t.Fatalf("should-be-revoked: %+v", res)
	}

	multi, err := ParseStatusListSubject(testSuiteSubject(t, "testsuite_multi_purpose_ok.jsonld", true))
	requireNoErr(t, err)
	suspended := testSuiteEntry(t, "testsuite_should_be_suspended.jsonld")
	res, err = ValidateSubject(multi, suspended)
	requireNoErr(t, err)
	if res.Status != 1 || res.Valid || res.Purpose != PurposeSuspension {
		t.Fatalf("should-be-suspended: %+v", res)
	}
	// A suspension entry against the revocation-only list: step 5.
	_, err = ValidateSubject(subject, suspended)
	requireErr(t, err, ErrStatusVerification, ErrPurposeMismatch)

	wrongPurpose, err := ParseStatusListSubject(testSuiteSubject(t, "testsuite_single_purpose_fail.jsonld", true))
	requireNoErr(t, err)
	_, err = ValidateSubject(wrongPurpose, revoked)
	requireErr(t, err, ErrStatusVerification, ErrPurposeMismatch)

	short, err := ParseStatusListSubject(testSuiteSubject(t, "testsuite_short_encoded_list_fail.jsonld", true))
	requireNoErr(t, err)
	_, err = ValidateSubject(short, revoked)
	requireErr(t, err, ErrStatusListLength)
}
