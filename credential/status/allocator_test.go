package status

import (
	"bytes"
	"encoding/binary"
	"errors"
	"sync"
	"testing"
)

func TestAllocatorHandsOutEveryIndexOnce(t *testing.T) {
	for _, size := range []int{1, 7, 13, 64, 1000} {
		a, err := NewAllocator(size, nil)
		requireNoErr(t, err)
		seen := make([]bool, size)
		for range size {
			i, err := a.Allocate()
			requireNoErr(t, err)
			if i < 0 || i >= size || seen[i] {
				t.Fatalf("size %d: index %d out of range or repeated", size, i)
			}
			seen[i] = true
			if !a.IsUsed(i) {
				t.Fatal("not marked")
			}
		}
		_, err = a.Allocate()
		requireErr(t, err, ErrListFull)
		if a.Used() != size || a.Size() != size {
			t.Fatal(a.Used())
		}
	}
}

func TestAllocatorExportImport(t *testing.T) {
	a, err := NewAllocator(1000, nil)
	requireNoErr(t, err)
	first := map[int]bool{}
	for range 700 {
		i, err := a.Allocate()
		requireNoErr(t, err)
		first[i] = true
	}
	state := a.Export()
	if len(state) != 125 {
		t.Fatal(len(state))
	}
	b, err := ImportAllocator(1000, state, nil)
	requireNoErr(t, err)
	if b.Used() != 700 || !bytes.Equal(b.Export(), state) {
		t.Fatal("import changed the state")
	}
	for range 300 {
		i, err := b.Allocate()
		requireNoErr(t, err)
		if first[i] {
			t.Fatalf("index %d handed out again after import", i)
		}
		first[i] = true
	}
	_, err = b.Allocate()
	requireErr(t, err, ErrListFull)
	// The export is a W3C-layout bitstring: index 0 is bit 0x80 of byte 0.
	c, err := ImportAllocator(16, []byte{0x80, 0x01}, nil)
	requireNoErr(t, err)
	if !c.IsUsed(0) || !c.IsUsed(15) || c.IsUsed(1) || c.Used() != 2 || c.IsUsed(-1) || c.IsUsed(16) {
		t.Fatal("layout")
	}
}

func TestAllocatorErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		size int
		used []byte
		want error
	}{
		{"size 0", 0, nil, ErrListSize},
		{"size negative", -1, nil, ErrListSize},
		{"size over the limit", MaxListEntries + 1, nil, ErrListSize},
		{"state too short", 16, []byte{0}, ErrAllocatorState},
		{"state too long", 16, []byte{0, 0, 0}, ErrAllocatorState},
		{"index past the end marked", 13, []byte{0, 0x04}, ErrAllocatorState},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.used == nil {
				_, err = NewAllocator(tc.size, nil)
			} else {
				_, err = ImportAllocator(tc.size, tc.used, nil)
			}
			requireErr(t, err, tc.want)
		})
	}
	// The last valid bit of a 13-index list is 0x08 of byte 1.
	_, err := ImportAllocator(13, []byte{0, 0x08}, nil)
	requireNoErr(t, err)
}

// seqReader returns the given 64-bit values, little-endian, then fails.
type seqReader struct{ vals []uint64 }

func (r *seqReader) Read(p []byte) (int, error) {
	if len(r.vals) == 0 {
		return 0, errors.New("exhausted")
	}
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], r.vals[0])
	r.vals = r.vals[1:]
	return copy(p, b[:]), nil
}

// constReader returns the same byte forever.
type constReader byte

func (c constReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(c)
	}
	return len(p), nil
}

// TestAllocatorRejectionSampling drives the random source: a draw at or
// above the size is thrown away, not reduced modulo the size.
func TestAllocatorRejectionSampling(t *testing.T) {
	// size 5: 3 random bits per draw. 7, 6 and 5 are rejected; 0xF8|3
	// keeps only its low 3 bits, 3.
	r := &seqReader{vals: []uint64{7, 6, 5, 0xF8 | 3}}
	a, err := NewAllocator(5, r)
	requireNoErr(t, err)
	i, err := a.Allocate()
	requireNoErr(t, err)
	if i != 3 || len(r.vals) != 0 {
		t.Fatalf("index %d, %d draws left", i, len(r.vals))
	}
	// A used index is drawn again: 3 is taken, 1 is free.
	r.vals = []uint64{3, 1}
	if i, _ := a.Allocate(); i != 1 {
		t.Fatal(i)
	}
	// A source that never yields a value below the size fails.
	b, err := NewAllocator(5, constReader(0xFF))
	requireNoErr(t, err)
	_, err = b.Allocate()
	requireErr(t, err, ErrRandom)
	// A source that fails.
	c, err := NewAllocator(5, &seqReader{})
	requireNoErr(t, err)
	_, err = c.Allocate()
	requireErr(t, err, ErrRandom)
	// Dense: 3 of 4 used, the rank draw picks the one free index.
	d, err := ImportAllocator(4, []byte{0xD0}, &seqReader{})
	requireNoErr(t, err)
	if i, err := d.Allocate(); err != nil || i != 2 {
		t.Fatal(i, err)
	}
}

// TestAllocatorUniform counts which index a fresh allocator hands out first
// (the sparse path) and which of the free indexes a nearly full one hands out
// (the dense path). With crypto/rand each count is binomial; the bounds are
// more than 6 standard deviations wide.
func TestAllocatorUniform(t *testing.T) {
	const trials = 16000
	counts := make([]int, 8)
	for range trials {
		a, err := NewAllocator(8, nil)
		requireNoErr(t, err)
		i, err := a.Allocate()
		requireNoErr(t, err)
		counts[i]++
	}
	for i, c := range counts {
		if c < trials/8-260 || c > trials/8+260 {
			t.Errorf("sparse: index %d drawn %d times of %d", i, c, trials)
		}
	}
	counts = make([]int, 8)
	for range trials {
		a, err := ImportAllocator(8, []byte{0b10110110}, nil) // free: 1, 4, 7
		requireNoErr(t, err)
		i, err := a.Allocate()
		requireNoErr(t, err)
		counts[i]++
	}
	for i, c := range counts {
		want := 0
		if i == 1 || i == 4 || i == 7 {
			want = trials / 3
		}
		if c < want-400 || c > want+400 {
			t.Errorf("dense: index %d drawn %d times, want about %d", i, c, want)
		}
	}
}

func TestAllocatorConcurrent(t *testing.T) {
	a, err := NewAllocator(4000, nil)
	requireNoErr(t, err)
	var mu sync.Mutex
	seen := map[int]bool{}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 500 {
				i, err := a.Allocate()
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if seen[i] {
					t.Errorf("index %d twice", i)
				}
				seen[i] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != 4000 || a.Used() != 4000 {
		t.Fatal(len(seen))
	}
}
