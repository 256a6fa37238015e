package status

import (
	"bytes"
	"encoding/base64"
	"math"
	"strings"
	"testing"
)

func TestDecodeBitstringErrors(t *testing.T) {
	valid := b64.EncodeToString(gz(t, make([]byte, minBitstringBytes)))
	corruptCRC := gz(t, make([]byte, minBitstringBytes))
	corruptCRC[len(corruptCRC)-6] ^= 0xFF
	truncated := gz(t, make([]byte, minBitstringBytes))
	truncated = truncated[:len(truncated)-5]
	for _, tc := range []struct {
		name string
		in   string
		want []error
	}{
		{"empty", "", []error{ErrMalformedValue, ErrMultibasePrefix}},
		{"no multibase prefix", valid, []error{ErrMalformedValue, ErrMultibasePrefix}},
		{"base58btc prefix", "z" + valid, []error{ErrMalformedValue, ErrMultibasePrefix}},
		{"uppercase U (base64url with padding)", "U" + valid, []error{ErrMalformedValue, ErrMultibasePrefix}},
		{"not base64url", "u!!!!", []error{ErrMalformedValue, ErrEncoding}},
		{"padded", "u" + base64.URLEncoding.EncodeToString(gz(t, make([]byte, minBitstringBytes+1))), []error{ErrMalformedValue, ErrEncoding}},
		{"standard alphabet", "u" + strings.NewReplacer("-", "+", "_", "/").Replace(valid) + "+/", []error{ErrMalformedValue, ErrEncoding}},
		{"not gzip", "u" + b64.EncodeToString([]byte("hello, world")), []error{ErrMalformedValue, ErrNotGzip}},
		{"zlib instead of gzip", "u" + b64.EncodeToString(zl(t, make([]byte, minBitstringBytes))), []error{ErrMalformedValue, ErrNotGzip}},
		{"truncated gzip", "u" + b64.EncodeToString(truncated), []error{ErrMalformedValue, ErrNotGzip}},
		{"bad crc", "u" + b64.EncodeToString(corruptCRC), []error{ErrMalformedValue, ErrNotGzip}},
		{"trailing garbage", "u" + b64.EncodeToString(append(gz(t, make([]byte, minBitstringBytes)), "junk"...)), []error{ErrMalformedValue, ErrNotGzip}},
		{"too short", "u" + b64.EncodeToString(gz(t, make([]byte, minBitstringBytes-1))), []error{ErrStatusListLength}},
		{"empty bitstring", "u" + b64.EncodeToString(gz(t, nil)), []error{ErrStatusListLength}},
		{"decompression bomb", "u" + b64.EncodeToString(gz(t, make([]byte, MaxListSize+1))), []error{ErrMalformedValue, ErrListTooLarge}},
		{"text too long", "u" + strings.Repeat("A", MaxEncodedListSize), []error{ErrMalformedValue, ErrListTooLarge}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeBitstring(tc.in)
			requireErr(t, err, tc.want...)
		})
	}
}

func TestDecodeBitstringAcceptsLargestAndMultiMember(t *testing.T) {
	// Exactly MaxListSize bytes pass the bomb guard.
	bs, err := DecodeBitstring("u" + b64.EncodeToString(gz(t, make([]byte, MaxListSize))))
	requireNoErr(t, err)
	if bs.Len() != MaxListSize*8 {
		t.Fatal(bs.Len())
	}
	// RFC 1952 §2.2: a file is a series of members.
	half := make([]byte, minBitstringBytes/2)
	half[0] = 0x80
	two := append(gz(t, half), gz(t, half)...)
	bs, err = DecodeBitstring("u" + b64.EncodeToString(two))
	requireNoErr(t, err)
	for _, i := range []uint64{0, minBitstringBytes / 2 * 8} {
		if v, _ := bs.Status(i, 1); v != 1 {
			t.Fatalf("index %d not set", i)
		}
	}
}

func TestEncodeBitstringErrors(t *testing.T) {
	_, err := EncodeBitstring(make([]byte, minBitstringBytes-1))
	requireErr(t, err, ErrStatusListLength)
	_, err = EncodeBitstring(make([]byte, MaxListSize+1))
	requireErr(t, err, ErrMalformedValue, ErrListTooLarge)
	enc, err := EncodeBitstring(make([]byte, minBitstringBytes))
	requireNoErr(t, err)
	if !strings.HasPrefix(enc, "u") {
		t.Fatal(enc)
	}
}

func TestBitstringStatus(t *testing.T) {
	// 1010 0101 1100 0011 ... : statusSize 3 crosses byte boundaries.
	bs := &Bitstring{raw: []byte{0xA5, 0xC3}}
	for _, tc := range []struct {
		name  string
		index uint64
		size  int
		want  uint8
		err   []error
	}{
		{"size1 index0", 0, 1, 1, nil},
		{"size1 index1", 1, 1, 0, nil},
		{"size1 index15", 15, 1, 1, nil},
		{"size3 index0", 0, 3, 0b101, nil},
		{"size3 index1", 1, 3, 0b001, nil},
		{"size3 index2 crosses bytes", 2, 3, 0b011, nil},
		{"size3 index4", 4, 3, 0b001, nil},
		{"size8 index1", 1, 8, 0xC3, nil},
		{"size1 past end", 16, 1, 0, []error{ErrRange, ErrIndexOutOfRange}},
		{"size3 last partial entry", 5, 3, 0, []error{ErrRange}},
		{"size8 past end", 2, 8, 0, []error{ErrRange}},
		{"huge index", math.MaxUint64, 1, 0, []error{ErrRange}},
		{"huge index size 8", math.MaxUint64 / 4, 8, 0, []error{ErrRange}},
		{"statusSize 0", 0, 0, 0, []error{ErrMalformedValue, ErrStatusSizeUnsupported}},
		{"statusSize negative", 0, -1, 0, []error{ErrMalformedValue}},
		{"statusSize 9", 0, 9, 0, []error{ErrStatusVerification, ErrStatusSizeUnsupported}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := bs.Status(tc.index, tc.size)
			if tc.err != nil {
				requireErr(t, err, tc.err...)
				return
			}
			requireNoErr(t, err)
			if got != tc.want {
				t.Fatalf("got %03b, want %03b", got, tc.want)
			}
		})
	}
	if bs.Entries(0) != 0 || bs.Entries(3) != 5 || !bytes.Equal(bs.Bytes(), []byte{0xA5, 0xC3}) {
		t.Fatal("Entries or Bytes")
	}
}
