package status

import (
	"bytes"
	"math/rand/v2"
	"sync"
	"testing"
)

// TestListBitPositions pins where one status lands in each layout: the
// Token Status List counts from the least significant bit (draft §4.1 step
// 3, §11.1), the W3C bitstring from the most significant one (§7.1).
func TestListBitPositions(t *testing.T) {
	for _, tc := range []struct {
		name      string
		bits      int
		index     int
		value     uint8
		byteIndex int
		tokenByte byte
		w3cByte   byte
	}{
		{"bits1 index0", 1, 0, 1, 0, 0x01, 0x80},
		{"bits1 index1", 1, 1, 1, 0, 0x02, 0x40},
		{"bits1 index7", 1, 7, 1, 0, 0x80, 0x01},
		{"bits1 index8 starts byte 1", 1, 8, 1, 1, 0x01, 0x80},
		{"bits2 index0 value1", 2, 0, 1, 0, 0x01, 0x40},
		{"bits2 index0 value2", 2, 0, 2, 0, 0x02, 0x80},
		{"bits2 index1 value2", 2, 1, 2, 0, 0x08, 0x20},
		{"bits2 index3 value3", 2, 3, 3, 0, 0xC0, 0x03},
		{"bits2 index4 starts byte 1", 2, 4, 1, 1, 0x01, 0x40},
		{"bits4 index0", 4, 0, 0xA, 0, 0x0A, 0xA0},
		{"bits4 index1", 4, 1, 0x5, 0, 0x50, 0x05},
		{"bits8 index1", 8, 1, 0xAB, 1, 0xAB, 0xAB},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := NewList(64, tc.bits)
			requireNoErr(t, err)
			requireNoErr(t, l.Set(tc.index, tc.value))
			tok, w3c := l.TokenBytes(), l.BitstringBytes()
			for i := range tok {
				wantTok, wantW3C := byte(0), byte(0)
				if i == tc.byteIndex {
					wantTok, wantW3C = tc.tokenByte, tc.w3cByte
				}
				if tok[i] != wantTok || w3c[i] != wantW3C {
					t.Fatalf("byte %d: token %#02x (want %#02x), W3C %#02x (want %#02x)", i, tok[i], wantTok, w3c[i], wantW3C)
				}
			}
			tl := &TokenList{bits: tc.bits, data: tok}
			if got, _ := tl.Status(uint64(tc.index)); uint8(got) != tc.value {
				t.Fatalf("token read %d", got)
			}
			bs := &Bitstring{raw: w3c}
			if got, _ := bs.Status(uint64(tc.index), tc.bits); got != tc.value {
				t.Fatalf("W3C read %d", got)
			}
		})
	}
}

func TestNewListErrors(t *testing.T) {
	for _, tc := range []struct {
		name       string
		size, bits int
		want       error
	}{
		{"bits 0", 8, 0, ErrBits},
		{"bits 3", 8, 3, ErrBits},
		{"bits 16", 8, 16, ErrBits},
		{"size 0", 0, 1, ErrListSize},
		{"size negative", -8, 1, ErrListSize},
		{"size not filling bytes", 7, 1, ErrListSize},
		{"size*2 not filling bytes", 2, 2, ErrListSize},
		{"size over the limit", MaxListEntries + 8, 1, ErrListSize},
		{"bytes over the limit", MaxListEntries, 2, ErrListSize},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewList(tc.size, tc.bits)
			requireErr(t, err, tc.want)
		})
	}
	_, err := NewListFromTokenList(nil)
	requireErr(t, err, ErrListSize)
	_, err = NewListFromBitstring(nil, 1)
	requireErr(t, err, ErrListSize)
	_, err = NewListFromBitstring(&Bitstring{raw: make([]byte, 16)}, 3)
	requireErr(t, err, ErrBits)
}

func TestListSetGetErrors(t *testing.T) {
	l, err := NewList(16, 2)
	requireNoErr(t, err)
	for _, tc := range []struct {
		name  string
		index int
		value uint8
		want  error
	}{
		{"index negative", -1, 0, ErrIndexOutOfRange},
		{"index at length", 16, 0, ErrIndexOutOfRange},
		{"value needs 3 bits", 0, 4, ErrValueTooLarge},
		{"value 255", 0, 255, ErrValueTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			requireErr(t, l.Set(tc.index, tc.value), tc.want)
		})
	}
	_, err = l.Get(16)
	requireErr(t, err, ErrIndexOutOfRange)
	_, err = l.Get(-1)
	requireErr(t, err, ErrIndexOutOfRange)
}

// TestListRandomAgreesInBothFormats sets random statuses and reads every one
// back through List.Get, the Token Status List decoder and the W3C decoder.
func TestListRandomAgreesInBothFormats(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, bits := range []int{1, 2, 4, 8} {
		l, err := NewList(MinBitstringEntries, bits)
		requireNoErr(t, err)
		want := make([]uint8, l.Len())
		for range 5000 {
			i, v := r.IntN(l.Len()), uint8(r.IntN(1<<bits))
			requireNoErr(t, l.Set(i, v))
			want[i] = v
		}
		sl, err := l.EncodeTokenList()
		requireNoErr(t, err)
		tl, err := sl.Decode()
		requireNoErr(t, err)
		enc, err := l.EncodeBitstring()
		requireNoErr(t, err)
		bs, err := DecodeBitstring(enc)
		requireNoErr(t, err)
		for i, w := range want {
			g, _ := l.Get(i)
			gt, _ := tl.Status(uint64(i))
			gb, _ := bs.Status(uint64(i), bits)
			if g != w || uint8(gt) != w || gb != w {
				t.Fatalf("bits %d index %d: Get %d, token %d, W3C %d, want %d", bits, i, g, gt, gb, w)
			}
		}
	}
}

func TestFieldReverseIsItsOwnInverse(t *testing.T) {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	for _, bits := range []int{1, 2, 4, 8} {
		if !bytes.Equal(fieldReverse(fieldReverse(all, bits), bits), all) {
			t.Fatalf("bits %d", bits)
		}
	}
	// bits 1 reverses the bits of a byte.
	if got := fieldReverse([]byte{0xb9, 0xa3}, 1); !bytes.Equal(got, []byte{0x9d, 0xc5}) {
		t.Fatalf("%x", got)
	}
}

func TestListEncodeBitstringTooShort(t *testing.T) {
	l, err := NewList(MinBitstringEntries-8, 1)
	requireNoErr(t, err)
	_, err = l.EncodeBitstring()
	requireErr(t, err, ErrStatusListLength)
}

func TestListConcurrentSet(t *testing.T) {
	l, err := NewList(1024, 2)
	requireNoErr(t, err)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < 1024; i += 8 {
				if err := l.Set(i, uint8(g%4)); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	for i := range 1024 {
		if v, _ := l.Get(i); v != uint8(i%8%4) {
			t.Fatalf("index %d = %d", i, v)
		}
	}
}
