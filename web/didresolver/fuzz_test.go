package didresolver

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cachet-district/cachet/didmethod"
)

// FuzzHandler sends request targets and Accept headers from outside
// through the handler, parsed as the HTTP server parses them, and checks
// that it never panics and always answers with JSON of its own media types
// and a status of DID Resolution §12.1 (or of the request line: 404, 405,
// 414).
func FuzzHandler(f *testing.F) {
	w := newWorld(f)
	kd := w.vectors.CreateExample
	for _, seed := range []string{
		Path + kd,
		Path + enc(kd),
		Path + w.a,
		Path + w.a + "?versionId=1",
		Path + enc(w.a) + "?versionTime=2026-03-01T00:00:00Z&noCache=true",
		Path + enc(w.a+"?versionId=1") + "?versionId=2",
		Path + w.d,
		Path + w.unknown,
		Path + enc(kd+"#"+signV1),
		Path + "did:web:example.com",
		Path + w.vectors.P384,
		Path + "did%3Akey%3Az%25ZZ",
		Path + "did%3Akey%3Az%ZZ",
		Path + "did:key:z6Mk%2F%3F%23",
		Path,
		"/",
		"/1.0/identifiers",
		"*",
	} {
		for _, accept := range []string{"", MediaTypeResolutionLD, "application/did+json;q=0.5, */*;q=0.1", "text/html"} {
			f.Add(seed, accept)
		}
	}
	statuses := map[int]bool{200: true, 400: true, 404: true, 405: true, 406: true, 410: true, 414: true, 501: true}
	types := map[string]bool{
		MediaTypeResolution: true, MediaTypeResolutionLD: true, MediaTypeProblem: true,
		didmethod.MediaTypeDIDLDJSON: true, didmethod.MediaTypeDIDJSON: true,
	}
	f.Fuzz(func(t *testing.T, target, accept string) {
		raw := "GET " + target + " HTTP/1.1\r\nHost: resolver.example\r\nAccept: " + accept + "\r\n\r\n"
		r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
		if err != nil {
			return // the server answers 400 before any handler runs
		}
		rec := httptest.NewRecorder()
		w.handler.ServeHTTP(rec, r)
		// Every resolver here is in process and sound: a 500 would be a
		// bug of the binding.
		if !statuses[rec.Code] {
			t.Fatalf("%q (Accept %q): status %d: %s", target, accept, rec.Code, rec.Body)
		}
		if ct := rec.Header().Get("Content-Type"); !types[ct] {
			t.Fatalf("%q: Content-Type %q", target, ct)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%q: body is not JSON: %q", target, rec.Body)
		}
	})
}
