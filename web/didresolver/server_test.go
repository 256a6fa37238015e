package didresolver

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cachet-district/cachet/didmethod"
)

// TestOverHTTP mounts the handler on Path in a standard ServeMux behind a
// real HTTP server, as web/ will, and checks that the server's parsing and
// the mux neither redirect nor rewrite what the handler must see: an
// encoded DID, an encoded "/" or "#" inside it, a query.
func TestOverHTTP(t *testing.T) {
	w := newWorld(t)
	mux := http.NewServeMux()
	mux.Handle(Path, w.handler)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	kd := w.vectors.CreateExample
	tests := []struct {
		name, target, accept string
		want                 want
	}{
		{"DID as written", Path + kd, "", want{status: 200, ctype: MediaTypeResolution, id: kd}},
		{"encoded DID", Path + enc(kd), didmethod.MediaTypeDIDJSON, want{status: 200, ctype: didmethod.MediaTypeDIDJSON, id: kd}},
		{"Universal Resolver driver call", Path + w.a, MediaTypeResolutionLD + "," + didmethod.MediaTypeDIDLDJSON,
			want{status: 200, ctype: MediaTypeResolutionLD, id: w.a}},
		{"versionId option", Path + enc(w.a) + "?versionId=1", "", want{status: 200, ctype: MediaTypeResolution, id: w.a, meta: map[string]any{"versionId": "1"}}},
		{"encoded path", Path + enc(kd+"/x"), "", want{status: 400, ctype: MediaTypeResolution, errType: TypeInvalidDID}},
		{"encoded fragment", Path + enc(kd+"#"+signV1), "", want{status: 400, ctype: MediaTypeResolution, errType: TypeInvalidDID}},
		{"deactivated", Path + w.d, "", want{status: 410, ctype: MediaTypeResolution, id: w.d, meta: map[string]any{"deactivated": true}}},
	}
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, srv.URL+tc.target, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.accept != "" {
				req.Header.Set("Accept", tc.accept)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			tc.want.check(t, resp.StatusCode, resp.Header, body)
		})
	}
}
