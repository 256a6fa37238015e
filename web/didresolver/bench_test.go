package didresolver

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cachet-district/cachet/didmethod"
)

// BenchmarkHandler measures a resolution over the HTTP binding (request
// decoding, negotiation, validation of the document, JSON rendering)
// against the same resolution called directly on the resolver, measured in
// the same run.
func BenchmarkHandler(b *testing.B) {
	w := newWorld(b)
	res := w.handler.Resolver
	cases := []struct{ name, did, target string }{
		{"did:key", w.vectors.CreateExample, Path + w.vectors.CreateExample},
		{"did:cachet versionTime", w.a, Path + enc(w.a) + "?versionTime=2026-03-01T00:00:00Z"},
	}
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, bc := range cases {
		opts := didmethod.ResolutionOptions{Accept: didmethod.MediaTypeDIDLDJSON}
		if bc.did == w.a {
			opts.VersionTime = &at
		}
		const rounds = 2000
		start := time.Now()
		for range rounds {
			if _, err := res.Resolve(context.Background(), bc.did, opts); err != nil {
				b.Fatal(err)
			}
		}
		bare := time.Since(start) / rounds
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			r := httptest.NewRequest(http.MethodGet, bc.target, nil)
			start := time.Now()
			for range b.N {
				rec := httptest.NewRecorder()
				w.handler.ServeHTTP(rec, r)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
			per := time.Since(start) / time.Duration(b.N)
			b.ReportMetric(float64(per)/float64(bare), "x-bare-resolve")
		})
	}
}
