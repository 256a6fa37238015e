package didresolver

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cachet-district/cachet/didmethod"
)

// TestAccept covers the choice between a DID resolution result and the
// document alone (DID Resolution §12.1 steps 2.2-2.3, RFC 9110 §12.5.1),
// through the handler, on a did:key.
func TestAccept(t *testing.T) {
	w := newWorld(t)
	kd := w.vectors.CreateExample
	result := want{status: 200, ctype: MediaTypeResolution, id: kd}
	legacy := want{status: 200, ctype: MediaTypeResolutionLD, id: kd}
	ld := want{status: 200, ctype: didmethod.MediaTypeDIDLDJSON, id: kd}
	plain := want{status: 200, ctype: didmethod.MediaTypeDIDJSON, id: kd}
	refused := want{status: 406, ctype: MediaTypeProblem, errType: TypeRepresentationNotSupported}
	tests := []struct {
		name   string
		accept []string
		want   want
	}{
		{"none", nil, result},
		{"blank", []string{"  "}, result},
		{"any", []string{"*/*"}, result},
		{"application/*", []string{"application/*"}, result},
		{"result", []string{MediaTypeResolution}, result},
		{"result, parameters ignored", []string{MediaTypeResolution + ";charset=utf-8"}, result},
		{"v0.3 result", []string{MediaTypeResolutionLD}, legacy},
		{"v0.3 result, spaced and token profile", []string{"application/ld+json ; profile=https://w3id.org/did-resolution"}, legacy},
		{"v0.3 result among profiles", []string{`application/ld+json;profile="https://example.com/p https://w3id.org/did-resolution"`}, legacy},
		{"Universal Resolver driver call", []string{MediaTypeResolutionLD + "," + didmethod.MediaTypeDIDLDJSON}, legacy},
		{"JSON-LD document", []string{didmethod.MediaTypeDIDLDJSON}, ld},
		{"JSON document", []string{didmethod.MediaTypeDIDJSON}, plain},
		{"media types are case-insensitive", []string{"Application/DID+JSON"}, plain},
		{"application/json", []string{"application/json"}, plain},
		{"application/ld+json", []string{"application/ld+json"}, ld},
		{"quality prefers the document", []string{"application/did+json, application/did-resolution;q=0.5"}, plain},
		{"quality prefers the result", []string{"application/did+json;q=0.1, application/did-resolution;q=0.9"}, result},
		{"q=0 refuses the result", []string{"application/did-resolution;q=0, application/did+ld+json"}, ld},
		{"specific q=0 beats a wildcard", []string{"application/did+json;q=0, application/json"}, ld},
		{"two header fields", []string{"text/html", didmethod.MediaTypeDIDJSON}, plain},
		{"browser", []string{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, result},
		{"unparsable element skipped", []string{"garbage, application/did+json"}, plain},
		{"q with extension parameters", []string{"application/did+json;q=0.5;ext=1"}, plain},

		{"text/html", []string{"text/html"}, refused},
		{"result refused", []string{"application/did-resolution;q=0"}, refused},
		{"other profile", []string{`application/ld+json;profile="https://example.com/other"`}, refused},
		{"DID v1.1 media type", []string{"application/did"}, refused},
		{"garbage", []string{"garbage"}, refused},
		{"invalid q", []string{"application/did+json;q=2"}, refused},
		{"type wildcard with a subtype", []string{"*/json"}, refused},
		{"too many ranges", []string{strings.Repeat("text/plain,", MaxAcceptRanges) + "*/*"}, refused},
		{"too long", []string{"*/*;x=" + strings.Repeat("a", MaxAcceptLength)}, refused},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, Path+kd, nil)
			for _, a := range tc.accept {
				r.Header.Add("Accept", a)
			}
			rec := httptest.NewRecorder()
			w.handler.ServeHTTP(rec, r)
			tc.want.check(t, rec.Code, rec.Header(), rec.Body.Bytes())
			if v := rec.Header().Get("Vary"); v != "Accept" {
				t.Errorf("Vary %q, want Accept (RFC 9110 §12.5.5)", v)
			}
		})
	}
}

// TestQValue covers qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
// (RFC 9110 §12.4.2).
func TestQValue(t *testing.T) {
	tests := []struct {
		in   string
		q    int
		okay bool
	}{
		{"1", 1000, true}, {"1.", 1000, true}, {"1.000", 1000, true}, {"0", 0, true},
		{"0.5", 500, true}, {"0.05", 50, true}, {"0.123", 123, true},
		{"", 0, false}, {"1.5", 0, false}, {"0.1234", 0, false}, {"2", 0, false},
		{".5", 0, false}, {"0,5", 0, false}, {"0.a", 0, false}, {"-0", 0, false},
	}
	for _, tc := range tests {
		q, ok := qvalue(tc.in)
		if ok != tc.okay || ok && q != tc.q {
			t.Errorf("qvalue(%q) = %d, %v; want %d, %v", tc.in, q, ok, tc.q, tc.okay)
		}
	}
}

// TestParseAccept covers the syntax of Accept (RFC 9110 §12.5.1) with
// quoted-string parameters (§5.6.4).
func TestParseAccept(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   []mediaRange
	}{
		{"one", "application/did+json", []mediaRange{{typ: "application", subtype: "did+json", q: 1000}}},
		{"empty elements", " , application/did+json ,", []mediaRange{{typ: "application", subtype: "did+json", q: 1000}}},
		{"comma inside a quoted profile", `application/ld+json;profile="a,b https://w3id.org/did-resolution";q=0.5`,
			[]mediaRange{{typ: "application", subtype: "ld+json", profiles: []string{"a,b", profileResolution}, q: 500}}},
		{"quoted-pair", `application/ld+json;profile="\"x\""`, []mediaRange{{typ: "application", subtype: "ld+json", profiles: []string{`"x"`}, q: 1000}}},
		{"unterminated quote", `application/ld+json;profile="x`, nil},
		{"missing subtype", "application", nil},
		{"bad parameter", "application/did+json;=x", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseAccept(tc.header)
			if !ok || len(got) != len(tc.want) {
				t.Fatalf("parseAccept(%q) = %+v, %v; want %+v", tc.header, got, ok, tc.want)
			}
			for i := range got {
				g, w := got[i], tc.want[i]
				if g.typ != w.typ || g.subtype != w.subtype || g.q != w.q || strings.Join(g.profiles, " ") != strings.Join(w.profiles, " ") {
					t.Errorf("range %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}
