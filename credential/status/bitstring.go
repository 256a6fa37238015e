package status

import (
	"slices"
	"strings"
)

// MinBitstringEntries is the smallest number of entries a Bitstring Status
// List may have: "Let minimumNumberOfEntries be 131,072 unless a different
// lower bound is established by a specific ecosystem specification" (§3.2
// step 2). It is the herd the list hides a holder in (§6.1 "Revocation
// Bitstring Length"); Cachet establishes no lower bound.
const MinBitstringEntries = 131072

// minBitstringBytes is §2.2's "The uncompressed bitstring MUST be at least
// 16KB in size."
const minBitstringBytes = 16 << 10

// multibaseBase64URL is the multibase prefix of unpadded base64url.
const multibaseBase64URL = "u"

// Bitstring is a decoded W3C status list bitstring (read-only).
type Bitstring struct {
	raw []byte
}

// DecodeBitstring expands an encodedList (§3.4 Bitstring Expansion
// Algorithm). Failures are *ProcessingError values: MALFORMED_VALUE_ERROR
// for a missing "u" prefix (ErrMultibasePrefix), bad base64url
// (ErrEncoding), data that is not GZIP (ErrNotGzip) or that expands beyond
// MaxListSize (ErrListTooLarge); STATUS_LIST_LENGTH_ERROR for a bitstring
// under 16 KiB.
func DecodeBitstring(encodedList string) (*Bitstring, error) {
	if len(encodedList) > MaxEncodedListSize {
		return nil, perr(CodeMalformedValue, ErrListTooLarge, "encodedList of %d bytes", len(encodedList))
	}
	// §2.2: encodedList "MUST be a Multibase-encoded base64url (with no
	// padding) [RFC4648] representation of the GZIP-compressed [RFC1952]
	// bitstring".
	rest, ok := strings.CutPrefix(encodedList, multibaseBase64URL)
	if !ok {
		return nil, perr(CodeMalformedValue, ErrMultibasePrefix, "")
	}
	data, err := decodeBase64URL(rest)
	if err != nil {
		return nil, &ProcessingError{Code: CodeMalformedValue, Err: err}
	}
	raw, err := gunzip(data)
	if err != nil {
		return nil, &ProcessingError{Code: CodeMalformedValue, Err: err}
	}
	// §2.2: "The uncompressed bitstring MUST be at least 16KB in size."
	if len(raw) < minBitstringBytes {
		return nil, perr(CodeStatusListLength, ErrListSize, "bitstring of %d bytes, fewer than %d", len(raw), minBitstringBytes)
	}
	return &Bitstring{raw: raw}, nil
}

// EncodeBitstring compresses an uncompressed bitstring (W3C layout: index 0
// is the left-most bit) with GZIP and encodes it as a multibase base64url
// encodedList (§3.3 steps 3-4). raw must hold at least 16 KiB (§2.2).
func EncodeBitstring(raw []byte) (string, error) {
	if len(raw) < minBitstringBytes {
		return "", perr(CodeStatusListLength, ErrListSize, "bitstring of %d bytes, fewer than %d", len(raw), minBitstringBytes)
	}
	if len(raw) > MaxListSize {
		return "", perr(CodeMalformedValue, ErrListTooLarge, "bitstring of %d bytes", len(raw))
	}
	z, err := gzipBytes(raw)
	if err != nil {
		return "", err
	}
	return multibaseBase64URL + b64.EncodeToString(z), nil
}

// Len returns the length of the bitstring in bits.
func (b *Bitstring) Len() int { return len(b.raw) * 8 }

// Entries returns the number of entries of statusSize bits.
func (b *Bitstring) Entries(statusSize int) int {
	if statusSize < 1 {
		return 0
	}
	return b.Len() / statusSize
}

// Bytes returns a copy of the uncompressed bitstring.
func (b *Bitstring) Bytes() []byte { return slices.Clone(b.raw) }

// Status returns the status of statusSize bits at index: the bits from
// position index*statusSize on, read left to right (§3.2 step 10, §7.1),
// the first being the most significant. An index whose entry does not lie
// wholly inside the bitstring is a RANGE_ERROR.
func (b *Bitstring) Status(index uint64, statusSize int) (uint8, error) {
	if err := checkStatusSize(statusSize); err != nil {
		return 0, err
	}
	size := uint64(statusSize)
	// §3.2 step 10: "If the credentialIndex multiplied by the size is a value
	// outside of the range of the bitstring, a RANGE_ERROR MUST be raised."
	// Dividing first keeps index*size from overflowing.
	if index >= uint64(len(b.raw))*8/size {
		return 0, perr(CodeRange, ErrIndexOutOfRange, "index %d of %d-bit entries, bitstring of %d bits", index, statusSize, len(b.raw)*8)
	}
	pos := index * size
	var v uint8
	for k := range size {
		p := pos + k
		v = v<<1 | b.raw[p/8]>>(7-p%8)&1
	}
	return v, nil
}

// checkStatusSize applies §2.1 statusSize: "If present, statusSize MUST be
// an integer greater than zero", and Cachet's MaxStatusSize.
func checkStatusSize(statusSize int) error {
	if statusSize < 1 {
		return perr(CodeMalformedValue, ErrStatusSizeUnsupported, "statusSize %d is not greater than zero", statusSize)
	}
	if statusSize > MaxStatusSize {
		return perr(CodeStatusVerification, ErrStatusSizeUnsupported, "statusSize %d above %d", statusSize, MaxStatusSize)
	}
	return nil
}
