package ledger

import (
	"crypto/sha256"
	"encoding/binary"
	"slices"
)

// store is the committed key/value state: a map for lookups plus the leaf
// hash of every entry and the keys in sorted order, so that the Merkle root
// never depends on map iteration order.
type store struct {
	data   map[string][]byte
	leaves map[string][32]byte
	keys   []string // sorted
}

func newStore() *store {
	return &store{data: map[string][]byte{}, leaves: map[string][32]byte{}}
}

func (s *store) get(k string) ([]byte, bool) {
	v, ok := s.data[k]
	return v, ok
}

// reader is what operations read state through: the committed store or an
// overlay of uncommitted writes on top of it.
type reader interface {
	get(k string) ([]byte, bool)
}

// overlay buffers writes over a reader. A transaction is applied to its own
// overlay and merged into the block's overlay only when it succeeds, so a
// rejected transaction changes nothing.
type overlay struct {
	base reader
	w    map[string][]byte
}

func newOverlay(base reader) *overlay {
	return &overlay{base: base, w: map[string][]byte{}}
}

func (o *overlay) get(k string) ([]byte, bool) {
	if v, ok := o.w[k]; ok {
		return v, true
	}
	return o.base.get(k)
}

func (o *overlay) set(k string, v []byte) {
	o.w[k] = v
}

// mergeInto copies o's writes into parent. Map iteration order does not
// matter here: every key is written once and the result is a set.
func (o *overlay) mergeInto(parent *overlay) {
	for k, v := range o.w {
		parent.w[k] = v
	}
}

// leafHash is the RFC 6962 §2.1 leaf hash of one entry: SHA-256(0x00 ||
// uint32 big-endian key length || key || value). The key length prefix makes
// the split between key and value unambiguous.
func leafHash(k string, v []byte) [32]byte {
	h := sha256.New()
	var pre [5]byte
	pre[0] = 0x00
	binary.BigEndian.PutUint32(pre[1:], uint32(len(k)))
	h.Write(pre[:])
	h.Write([]byte(k))
	h.Write(v)
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// merkleRoot is the RFC 6962 §2.1 Merkle Tree Hash over leaf hashes: the
// hash of an empty list is SHA-256 of the empty string; a list of n > 1
// leaves splits at k, the largest power of two smaller than n, and hashes
// SHA-256(0x01 || MTH(left) || MTH(right)).
func merkleRoot(leaves [][32]byte) [32]byte {
	switch len(leaves) {
	case 0:
		return sha256.Sum256(nil)
	case 1:
		return leaves[0]
	}
	k := 1
	for k<<1 < len(leaves) {
		k <<= 1
	}
	l, r := merkleRoot(leaves[:k]), merkleRoot(leaves[k:])
	var buf [65]byte
	buf[0] = 0x01
	copy(buf[1:], l[:])
	copy(buf[33:], r[:])
	return sha256.Sum256(buf[:])
}

// pendingRoot computes the root the store would have with w applied, without
// changing the store, and returns what apply needs to adopt the result.
func (s *store) pendingRoot(w map[string][]byte) (root [32]byte, keys []string, newLeaves map[string][32]byte) {
	newLeaves = make(map[string][32]byte, len(w))
	var added []string
	for k, v := range w {
		newLeaves[k] = leafHash(k, v)
		if _, ok := s.data[k]; !ok {
			added = append(added, k)
		}
	}
	keys = s.keys
	if len(added) > 0 {
		slices.Sort(added)
		keys = mergeSorted(s.keys, added)
	}
	leaves := make([][32]byte, len(keys))
	for i, k := range keys {
		if h, ok := newLeaves[k]; ok {
			leaves[i] = h
		} else {
			leaves[i] = s.leaves[k]
		}
	}
	return merkleRoot(leaves), keys, newLeaves
}

// apply writes w into the store, with the keys and leaf hashes pendingRoot
// computed for it.
func (s *store) apply(w map[string][]byte, keys []string, newLeaves map[string][32]byte) {
	for k, v := range w {
		s.data[k] = v
		s.leaves[k] = newLeaves[k]
	}
	s.keys = keys
}

// root returns the Merkle root of the store.
func (s *store) root() [32]byte {
	r, _, _ := s.pendingRoot(nil)
	return r
}

func mergeSorted(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] < b[j] {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}
