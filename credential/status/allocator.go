package status

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"sync"
)

// maxDraws bounds the random draws of one allocation. Each draw succeeds
// with probability at least 1/2, so a working random source fails 64 times in
// a row with probability 2^-64; reaching the bound means the source is
// broken.
const maxDraws = 64

// Allocator hands out the indexes of a status list of a given size, each
// once, chosen uniformly at random among those not yet handed out. Random
// indexes keep the position of an entry from telling its issuance order or
// the number of credentials issued (W3C Bitstring Status List §2.1
// statusListIndex: "Implementations SHOULD assign indexes randomly, such
// that inferences — such as the recency of the assignment or the size of the
// group — cannot be easily drawn from that position"; §6.5: "implementers
// are advised to allocate status list entry indexes randomly"; Token Status
// List draft §12.4 and §12.5.1: "choose non-sequential, pseudo-random or
// random indices"). Never handing an index out twice is draft §13.3: "The
// Status Issuer MUST prevent any unintended double allocation."
//
// Its state, the set of indexes handed out, is exported by Export and
// restored by ImportAllocator; an issuer persists it with the index it
// records (allocate, persist, then issue). An Allocator is safe for
// concurrent use.
type Allocator struct {
	mu   sync.Mutex
	size int
	// used has bit i set when index i was handed out, laid out like a W3C
	// bitstring: index 0 is the most significant bit of byte 0.
	used  []byte
	count int
	rand  io.Reader
}

// NewAllocator returns an allocator over size indexes (1 to MaxListEntries)
// drawing from rand, or from crypto/rand when rand is nil.
func NewAllocator(size int, rand io.Reader) (*Allocator, error) {
	if size <= 0 || size > MaxListEntries {
		return nil, fmt.Errorf("%w: %d indexes, limit %d", ErrListSize, size, MaxListEntries)
	}
	return &Allocator{size: size, used: make([]byte, (size+7)/8), rand: orCryptoRand(rand)}, nil
}

// ImportAllocator restores an allocator from Export's output for a list of
// size indexes. The set must have (size+7)/8 bytes and no bit set past size.
func ImportAllocator(size int, used []byte, rand io.Reader) (*Allocator, error) {
	a, err := NewAllocator(size, rand)
	if err != nil {
		return nil, err
	}
	if len(used) != len(a.used) {
		return nil, fmt.Errorf("%w: %d bytes for %d indexes, want %d", ErrAllocatorState, len(used), size, len(a.used))
	}
	if pad := len(used)*8 - size; pad > 0 && used[len(used)-1]&(1<<pad-1) != 0 {
		return nil, fmt.Errorf("%w: index past the end of the list marked used", ErrAllocatorState)
	}
	copy(a.used, used)
	for _, b := range used {
		a.count += bits.OnesCount8(b)
	}
	return a, nil
}

func orCryptoRand(r io.Reader) io.Reader {
	if r == nil {
		return rand.Reader
	}
	return r
}

// Export returns the set of indexes handed out, as a bitstring of
// (Size()+7)/8 bytes whose bit i (from the most significant bit of byte 0)
// is set when index i is used.
func (a *Allocator) Export() []byte {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.used)
}

// Size returns the number of indexes.
func (a *Allocator) Size() int { return a.size }

// Used returns how many indexes were handed out.
func (a *Allocator) Used() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.count
}

// IsUsed reports whether index was handed out.
func (a *Allocator) IsUsed(index int) bool {
	if index < 0 || index >= a.size {
		return false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.isUsed(index)
}

func (a *Allocator) isUsed(i int) bool { return a.used[i/8]&(0x80>>(i%8)) != 0 }

func (a *Allocator) mark(i int) {
	a.used[i/8] |= 0x80 >> (i % 8)
	a.count++
}

// Allocate hands out an unused index, uniformly at random among the unused
// ones, and marks it used. It fails with ErrListFull when none is left and
// with ErrRandom when the random source fails.
func (a *Allocator) Allocate() (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	free := a.size - a.count
	if free == 0 {
		return 0, fmt.Errorf("%w: all %d indexes used", ErrListFull, a.size)
	}
	if a.count <= a.size/2 {
		// At least half the indexes are free: draw an index and retry if it
		// is taken. Conditioned on landing on a free index, every free index
		// is equally likely, and each draw succeeds with probability >= 1/2.
		for range maxDraws {
			i, err := a.uniform(uint64(a.size))
			if err != nil {
				return 0, err
			}
			if !a.isUsed(int(i)) {
				a.mark(int(i))
				return int(i), nil
			}
		}
		return 0, fmt.Errorf("%w: no free index in %d draws", ErrRandom, maxDraws)
	}
	// Most indexes are taken: draw the rank of the free index instead and
	// find it by counting, so the cost does not grow as the list fills.
	k, err := a.uniform(uint64(free))
	if err != nil {
		return 0, err
	}
	i, ok := a.kthFree(int(k))
	if !ok {
		return 0, fmt.Errorf("%w: used count and set disagree", ErrAllocatorState)
	}
	a.mark(i)
	return i, nil
}

// uniform returns a number uniformly distributed in [0, n), n >= 1, by
// rejection sampling: it draws 64 random bits, keeps the low bits.Len(n-1)
// of them and retries when the result is n or more. No modulo is taken, so
// there is no bias; each draw is accepted with probability above 1/2.
func (a *Allocator) uniform(n uint64) (uint64, error) {
	if n <= 1 {
		return 0, nil
	}
	mask := uint64(1)<<bits.Len64(n-1) - 1
	var buf [8]byte
	for range maxDraws {
		if _, err := io.ReadFull(a.rand, buf[:]); err != nil {
			return 0, fmt.Errorf("%w: %v", ErrRandom, err)
		}
		if x := binary.LittleEndian.Uint64(buf[:]) & mask; x < n {
			return x, nil
		}
	}
	return 0, fmt.Errorf("%w: no value below %d in %d draws", ErrRandom, n, maxDraws)
}

// kthFree returns the k-th (from 0) unused index, or false if there are not
// that many (which the used count rules out).
func (a *Allocator) kthFree(k int) (int, bool) {
	for bi, b := range a.used {
		valid := 8
		if rest := a.size - bi*8; rest < 8 {
			valid = rest
		}
		freeBits := ^b & byte(0xFF<<(8-valid))
		n := bits.OnesCount8(freeBits)
		if k >= n {
			k -= n
			continue
		}
		for j := range valid {
			if freeBits&(0x80>>j) != 0 {
				if k == 0 {
					return bi*8 + j, true
				}
				k--
			}
		}
	}
	return 0, false
}
