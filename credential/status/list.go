package status

import (
	"fmt"
	"slices"
	"sync"
)

// List is the mutable status list an issuer keeps: Len entries of Bits bits
// each (1, 2, 4 or 8), all 0 at first. The same logical statuses encode to
// either format, each with its own bit order:
//
//   - Token Status List (draft §4.1 step 3, §11.1): entry i is in byte
//     i*bits/8, packed from the least significant bit, so with bits=1 entry 0
//     is bit 0x01 of byte 0.
//   - Bitstring Status List (§2.2 encodedList, §7.1): entry i starts at bit
//     i*bits counted from the most significant bit of byte 0, its first bit
//     being its most significant, so with bits=1 entry 0 is bit 0x80 of byte 0.
//
// A List is safe for concurrent use.
type List struct {
	mu   sync.Mutex
	bits int
	n    int
	// data holds the statuses in the Token Status List layout; the W3C
	// layout is derived on encoding (fieldReverse).
	data []byte
}

func validBits(bits int) bool { return bits == 1 || bits == 2 || bits == 4 || bits == 8 }

// NewList returns a list of size entries of bits bits, every status 0 (VALID,
// or unset). bits is 1, 2, 4 or 8 (draft §4.1 step 1); size*bits must be a
// multiple of 8 so the list fills whole bytes (draft §13.4 recommends it; a
// W3C bitstring is bytes anyway), and size at most MaxListEntries. A list
// encoded as a W3C bitstring also needs size >= MinBitstringEntries.
func NewList(size, bits int) (*List, error) {
	if !validBits(bits) {
		return nil, fmt.Errorf("%w: %d", ErrBits, bits)
	}
	if size <= 0 || size > MaxListEntries || size*bits%8 != 0 || size*bits/8 > MaxListSize {
		return nil, fmt.Errorf("%w: %d entries of %d bits (a positive multiple of %d, at most %d bytes)",
			ErrListSize, size, bits, 8/bits, MaxListSize)
	}
	return &List{bits: bits, n: size, data: make([]byte, size*bits/8)}, nil
}

// NewListFromTokenList returns a mutable copy of a decoded Token Status
// List, for an issuer reloading what it published.
func NewListFromTokenList(tl *TokenList) (*List, error) {
	if tl == nil {
		return nil, fmt.Errorf("%w: nil list", ErrListSize)
	}
	return &List{bits: tl.bits, n: tl.Len(), data: slices.Clone(tl.data)}, nil
}

// NewListFromBitstring returns a mutable copy of a decoded W3C bitstring
// read with statusSize bits per entry (1, 2, 4 or 8).
func NewListFromBitstring(b *Bitstring, statusSize int) (*List, error) {
	if b == nil {
		return nil, fmt.Errorf("%w: nil bitstring", ErrListSize)
	}
	if !validBits(statusSize) {
		return nil, fmt.Errorf("%w: statusSize %d", ErrBits, statusSize)
	}
	return &List{bits: statusSize, n: len(b.raw) * 8 / statusSize, data: fieldReverse(b.raw, statusSize)}, nil
}

// Len returns the number of entries.
func (l *List) Len() int { return l.n }

// Bits returns the number of bits per entry.
func (l *List) Bits() int { return l.bits }

// Set sets the status at index. It fails with ErrIndexOutOfRange outside
// [0, Len()) and with ErrValueTooLarge if value needs more than Bits bits.
func (l *List) Set(index int, value uint8) error {
	if index < 0 || index >= l.n {
		return fmt.Errorf("%w: index %d, list of %d", ErrIndexOutOfRange, index, l.n)
	}
	if int(value) >= 1<<l.bits {
		return fmt.Errorf("%w: %d in %d bits", ErrValueTooLarge, value, l.bits)
	}
	pos := index * l.bits
	shift := uint(pos % 8)
	mask := byte(1<<l.bits-1) << shift
	l.mu.Lock()
	defer l.mu.Unlock()
	l.data[pos/8] = l.data[pos/8]&^mask | value<<shift
	return nil
}

// Get returns the status at index, or ErrIndexOutOfRange.
func (l *List) Get(index int) (uint8, error) {
	if index < 0 || index >= l.n {
		return 0, fmt.Errorf("%w: index %d, list of %d", ErrIndexOutOfRange, index, l.n)
	}
	pos := index * l.bits
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.data[pos/8] >> (pos % 8) & byte(1<<l.bits-1), nil
}

// TokenBytes returns a copy of the uncompressed byte array in the Token
// Status List layout (draft §4.1).
func (l *List) TokenBytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.data)
}

// BitstringBytes returns a copy of the uncompressed bitstring in the W3C
// layout (§2.2, §7.1).
func (l *List) BitstringBytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return fieldReverse(l.data, l.bits)
}

// EncodeTokenList returns the Status List JSON object (draft §4.2): the
// byte array compressed with ZLIB at the highest level and base64url
// encoded.
func (l *List) EncodeTokenList() (StatusList, error) {
	z, err := zlibBytes(l.TokenBytes())
	if err != nil {
		return StatusList{}, err
	}
	return StatusList{Bits: l.bits, Lst: b64.EncodeToString(z)}, nil
}

// EncodeBitstring returns the W3C encodedList (§3.3 Bitstring Generation
// Algorithm). The list must have at least MinBitstringEntries entries: §3.2
// step 9 rejects a shorter one.
func (l *List) EncodeBitstring() (string, error) {
	if l.n < MinBitstringEntries {
		return "", perr(CodeStatusListLength, ErrListSize, "%d entries, fewer than %d", l.n, MinBitstringEntries)
	}
	return EncodeBitstring(l.BitstringBytes())
}

// fieldReverse converts a byte array between the two layouts. For bits < 8
// a byte holds 8/bits fields; the Token Status List numbers them from the
// least significant end, the W3C bitstring from the most significant end,
// and both keep a field's value in its natural bit order. Reversing the
// order of the fields within each byte (not the bits) maps one layout to
// the other, and is its own inverse.
func fieldReverse(src []byte, bits int) []byte {
	if bits == 8 {
		return slices.Clone(src)
	}
	var table [256]byte
	per, mask := 8/bits, 1<<bits-1
	for x := range 256 {
		y := 0
		for j := range per {
			y |= (x >> (j * bits) & mask) << (8 - (j+1)*bits)
		}
		table[x] = byte(y)
	}
	out := make([]byte, len(src))
	for i, b := range src {
		out[i] = table[b]
	}
	return out
}
