package status

import (
	"fmt"
	"slices"
)

// StatusType is a status value of the Token Status List (draft §7).
type StatusType uint8

// Status types of draft §7.1.
const (
	// StatusValid: "The status of the Referenced Token is valid, correct or
	// legal."
	StatusValid StatusType = 0x00
	// StatusInvalid: "revoked, annulled, taken back, recalled or cancelled."
	StatusInvalid StatusType = 0x01
	// StatusSuspended: "temporarily invalid, hanging, debarred from
	// privilege."
	StatusSuspended StatusType = 0x02
	// StatusApplicationSpecific3 is the first value §7.1 reserves for
	// applications (with 0x0C-0x0F).
	StatusApplicationSpecific3 StatusType = 0x03
)

// IsApplicationSpecific reports whether s is one of the values §7.1
// permanently reserves as application specific: 0x03 and 0x0C-0x0F.
func (s StatusType) IsApplicationSpecific() bool {
	return s == 0x03 || (s >= 0x0C && s <= 0x0F)
}

func (s StatusType) String() string {
	switch s {
	case StatusValid:
		return "VALID"
	case StatusInvalid:
		return "INVALID"
	case StatusSuspended:
		return "SUSPENDED"
	}
	if s.IsApplicationSpecific() {
		return fmt.Sprintf("APPLICATION_SPECIFIC_%d", uint8(s))
	}
	return fmt.Sprintf("0x%02X", uint8(s))
}

// StatusList is the Status List object in JSON (draft §4.2): the status_list
// claim of a Status List Token.
type StatusList struct {
	// Bits per Referenced Token: 1, 2, 4 or 8.
	Bits int `json:"bits"`
	// Lst is the base64url-encoded ZLIB-compressed byte array (§4.1).
	Lst string `json:"lst"`
	// AggregationURI is the optional URI of the Status List Aggregation (§9).
	AggregationURI string `json:"aggregation_uri,omitempty"`
}

// Decode expands the list (DecodeTokenList).
func (sl StatusList) Decode() (*TokenList, error) { return DecodeTokenList(sl.Bits, sl.Lst) }

// TokenList is a decoded Token Status List byte array (read-only).
type TokenList struct {
	bits int
	data []byte
}

// DecodeTokenList decodes lst with bits per status (draft §4.2): base64url
// (RFC 7515 §2, unpadded), then ZLIB/DEFLATE (RFC 1950/1951) bounded by
// MaxListSize. It fails with ErrBits, ErrEncoding, ErrNotZlib,
// ErrListTooLarge or ErrEmptyList.
func DecodeTokenList(bits int, lst string) (*TokenList, error) {
	// §4.2 bits: "The allowed values for bits are 1, 2, 4, and 8."
	if !validBits(bits) {
		return nil, fmt.Errorf("%w: %d", ErrBits, bits)
	}
	if len(lst) > MaxEncodedListSize {
		return nil, fmt.Errorf("%w: lst of %d bytes", ErrListTooLarge, len(lst))
	}
	// §4.2 lst: "The value MUST be the base64url-encoded compressed byte
	// array as specified in Section 4.1."
	z, err := decodeBase64URL(lst)
	if err != nil {
		return nil, err
	}
	// §8.3 step 5: "Decompress the Status List with a decompressor that is
	// compatible with DEFLATE [RFC1951] and ZLIB [RFC1950]".
	data, err := unzlib(z)
	if err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, ErrEmptyList
	}
	return &TokenList{bits: bits, data: data}, nil
}

// Bits returns the bits per status.
func (l *TokenList) Bits() int { return l.bits }

// Len returns the number of statuses the byte array holds.
func (l *TokenList) Len() int { return len(l.data) * 8 / l.bits }

// Bytes returns a copy of the uncompressed byte array.
func (l *TokenList) Bytes() []byte { return slices.Clone(l.data) }

// Status returns the status at idx (draft §4.1 step 3: packed from the least
// significant bit). §8.3 step 6: "If the provided index is out of bounds of
// the Status List, no statement about the status of the Referenced Token can
// be made": that is ErrIndexOutOfRange.
func (l *TokenList) Status(idx uint64) (StatusType, error) {
	if idx >= uint64(l.Len()) {
		return 0, fmt.Errorf("%w: idx %d, list of %d", ErrIndexOutOfRange, idx, l.Len())
	}
	pos := idx * uint64(l.bits)
	return StatusType(l.data[pos/8] >> (pos % 8) & byte(1<<l.bits-1)), nil
}
