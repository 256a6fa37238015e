package status

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"io"
	"math/rand/v2"
	"testing"
	"time"
)

// benchList is a list of MinBitstringEntries one-bit statuses with 1% of
// them set at random positions, as a bureau's list looks after a while.
func benchList(b *testing.B) *List {
	b.Helper()
	l, err := NewList(MinBitstringEntries, 1)
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(7, 7))
	for range MinBitstringEntries / 100 {
		if err := l.Set(r.IntN(MinBitstringEntries), 1); err != nil {
			b.Fatal(err)
		}
	}
	return l
}

// runDecodeBench times ours and bare alternately in one loop, so machine
// load hits both alike, and reports ns/op and B/op of ours, the encoded size
// and ours/bare ("x-bare").
func runDecodeBench(b *testing.B, encodedLen int, ours, bare func() error) {
	b.SetBytes(MinBitstringEntries / 8)
	b.ReportAllocs()
	var tOurs, tBare time.Duration
	for b.Loop() {
		b.StopTimer()
		s := time.Now()
		if err := bare(); err != nil {
			b.Fatal(err)
		}
		tBare += time.Since(s)
		b.StartTimer()
		s = time.Now()
		if err := ours(); err != nil {
			b.Fatal(err)
		}
		tOurs += time.Since(s)
	}
	b.ReportMetric(float64(encodedLen), "encoded-bytes")
	b.ReportMetric(float64(tOurs)/float64(tBare), "x-bare")
}

// BenchmarkDecodeBitstring expands a 131,072-entry W3C encodedList and reads
// one status. The bare baseline is base64url decoding and io.ReadAll of a
// gzip.Reader, with no prefix, limit or length checks.
func BenchmarkDecodeBitstring(b *testing.B) {
	enc, err := benchList(b).EncodeBitstring()
	if err != nil {
		b.Fatal(err)
	}
	runDecodeBench(b, len(enc), func() error {
		bs, err := DecodeBitstring(enc)
		if err != nil {
			return err
		}
		_, err = bs.Status(MinBitstringEntries-1, 1)
		return err
	}, func() error {
		z, err := base64.RawURLEncoding.DecodeString(enc[1:])
		if err != nil {
			return err
		}
		r, err := gzip.NewReader(bytes.NewReader(z))
		if err != nil {
			return err
		}
		_, err = io.ReadAll(r)
		return err
	})
}

// BenchmarkDecodeTokenList expands a 131,072-entry Token Status List lst and
// reads one status. The bare baseline is base64url decoding and io.ReadAll
// of a zlib reader.
func BenchmarkDecodeTokenList(b *testing.B) {
	sl, err := benchList(b).EncodeTokenList()
	if err != nil {
		b.Fatal(err)
	}
	runDecodeBench(b, len(sl.Lst), func() error {
		tl, err := sl.Decode()
		if err != nil {
			return err
		}
		_, err = tl.Status(MinBitstringEntries - 1)
		return err
	}, func() error {
		z, err := base64.RawURLEncoding.DecodeString(sl.Lst)
		if err != nil {
			return err
		}
		r, err := zlib.NewReader(bytes.NewReader(z))
		if err != nil {
			return err
		}
		_, err = io.ReadAll(r)
		return err
	})
}
