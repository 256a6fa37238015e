package status

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"math"
	"strings"
	"testing"
)

func TestDecodeTokenListErrors(t *testing.T) {
	one := zl(t, []byte{0xff})
	badAdler := bytes.Clone(one)
	badAdler[len(badAdler)-1] ^= 1
	var dict bytes.Buffer
	dw, err := zlib.NewWriterLevelDict(&dict, zlib.BestCompression, []byte("dictionary"))
	requireNoErr(t, err)
	_, _ = dw.Write([]byte{1, 2, 3})
	_ = dw.Close()
	for _, tc := range []struct {
		name string
		bits int
		lst  string
		want error
	}{
		{"bits 0", 0, "eNrbuRgAAhcBXQ", ErrBits},
		{"bits 3", 3, "eNrbuRgAAhcBXQ", ErrBits},
		{"bits 16", 16, "eNrbuRgAAhcBXQ", ErrBits},
		{"bits negative", -1, "eNrbuRgAAhcBXQ", ErrBits},
		{"not base64url", 1, "eNrb uRgA", ErrEncoding},
		{"padded", 1, base64.URLEncoding.EncodeToString(one[:len(one)-1]) + "=", ErrEncoding},
		{"standard alphabet", 1, "eNrbuRgAAhcBXQ+/", ErrEncoding},
		{"empty", 1, "", ErrNotZlib},
		{"not zlib", 1, b64.EncodeToString([]byte("hello, world")), ErrNotZlib},
		{"gzip instead of zlib", 1, b64.EncodeToString(gz(t, []byte{1})), ErrNotZlib},
		{"truncated", 1, b64.EncodeToString(one[:len(one)-3]), ErrNotZlib},
		{"bad adler-32", 1, b64.EncodeToString(badAdler), ErrNotZlib},
		{"trailing garbage", 1, b64.EncodeToString(append(bytes.Clone(one), 0)), ErrNotZlib},
		{"preset dictionary", 1, b64.EncodeToString(dict.Bytes()), ErrNotZlib},
		{"empty byte array", 1, b64.EncodeToString(zl(t, nil)), ErrEmptyList},
		{"decompression bomb", 1, b64.EncodeToString(zl(t, make([]byte, MaxListSize+1))), ErrListTooLarge},
		{"text too long", 1, strings.Repeat("A", MaxEncodedListSize+1), ErrListTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeTokenList(tc.bits, tc.lst)
			requireErr(t, err, tc.want)
		})
	}
	// The largest allowed list decodes.
	tl, err := DecodeTokenList(8, b64.EncodeToString(zl(t, make([]byte, MaxListSize))))
	requireNoErr(t, err)
	if tl.Len() != MaxListSize || tl.Bits() != 8 {
		t.Fatal(tl.Len())
	}
}

func TestTokenListStatusRange(t *testing.T) {
	tl, err := DecodeTokenList(2, "eNo76fITAAPfAgc") // 12 entries
	requireNoErr(t, err)
	for _, idx := range []uint64{12, 13, math.MaxUint64} {
		_, err := tl.Status(idx)
		requireErr(t, err, ErrIndexOutOfRange)
	}
	if s, err := tl.Status(11); err != nil || s != 3 {
		t.Fatal(s, err)
	}
}

func TestStatusTypes(t *testing.T) {
	for _, tc := range []struct {
		s       StatusType
		name    string
		appSpec bool
	}{
		{StatusValid, "VALID", false},
		{StatusInvalid, "INVALID", false},
		{StatusSuspended, "SUSPENDED", false},
		{StatusApplicationSpecific3, "APPLICATION_SPECIFIC_3", true},
		{0x0B, "0x0B", false},
		{0x0C, "APPLICATION_SPECIFIC_12", true},
		{0x0F, "APPLICATION_SPECIFIC_15", true},
		{0x10, "0x10", false},
	} {
		if tc.s.String() != tc.name || tc.s.IsApplicationSpecific() != tc.appSpec {
			t.Errorf("%d: %s %v", tc.s, tc.s, tc.s.IsApplicationSpecific())
		}
	}
}
