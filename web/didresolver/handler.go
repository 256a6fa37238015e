package didresolver

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/cachet-district/cachet/didmethod"
)

// Path is the DID resolver HTTP(S) endpoint path (DID Resolution §12.1
// step 1, "https://resolver.example/1.0/identifiers/"), which is also
// where the DIF Universal Resolver calls its drivers
// ("http://<driver>:8080/1.0/identifiers/<did>"). Mount the Handler on it.
const Path = "/1.0/identifiers/"

// Handler serves the resolve function of DID Resolution over the HTTP(S)
// binding (§12.1): GET and HEAD of Path + {did}. Serve it over TLS (§12.1:
// "All HTTPS bindings MUST use TLS"); the handler does not see the
// transport.
type Handler struct {
	// Resolver resolves the DIDs. A *didmethod.MultiResolver serves
	// several methods and answers methodNotSupported for the others. A
	// nil Resolver answers INTERNAL_ERROR.
	Resolver didmethod.Resolver
	// Logger, if set, receives server errors with their cause. DIDs are
	// not logged: a resolver's logs could "track and profile the clients
	// making requests" (DID Resolution §14.1), and a citizen's did:key or
	// did:jwk is theirs.
	Logger *slog.Logger
}

var _ http.Handler = (*Handler)(nil)

// acceptable lists the media types a client can ask for, in a 406 answer.
const acceptable = MediaTypeResolution + ", " + MediaTypeResolutionLD + ", " +
	didmethod.MediaTypeDIDLDJSON + ", " + didmethod.MediaTypeDIDJSON

// ServeHTTP resolves the DID of the request path with the request's
// context and writes the result, following DID Resolution §12.1.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The escaped path keeps "%2F", "%3F" and "%23" apart from "/", "?"
	// and "#": see parseRequest.
	var segment string
	ok := r.URL != nil
	if ok {
		segment, ok = strings.CutPrefix(r.URL.EscapedPath(), Path)
	}
	if !ok {
		writeProblem(w, r, &failure{typ: typeBlank, status: http.StatusNotFound, detail: "DIDs are resolved at GET " + Path + "{did}"})
		return
	}
	// §12.1: "All conforming DID resolvers MUST implement the GET version
	// of the HTTPS binding and MAY implement the POST version." This
	// binding implements GET, and HEAD with it (RFC 9110 §9.3.2).
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeProblem(w, r, &failure{typ: typeBlank, status: http.StatusMethodNotAllowed, detail: "use GET or HEAD"})
		return
	}
	if len(segment) > MaxIdentifierLength || len(r.URL.RawQuery) > MaxQueryLength {
		writeProblem(w, r, &failure{typ: typeBlank, status: http.StatusRequestURITooLong, detail: "the DID or the query is longer than this resolver reads"})
		return
	}
	// §12.1 step 2.2-2.3: the Accept header asks for a DID resolution
	// result or for the document alone. Nothing this binding produces
	// being acceptable is REPRESENTATION_NOT_SUPPORTED, 406 (step 6).
	repr, ok := negotiate(r.Header.Values("Accept"))
	if !ok {
		writeProblem(w, r, fail(TypeRepresentationNotSupported, "acceptable media types: "+acceptable))
		return
	}
	req, f := parseRequest(segment, r.URL.RawQuery)
	if f != nil {
		writeFailure(w, r, repr, f)
		return
	}
	a, f := h.resolve(r.Context(), req, repr)
	if f != nil {
		h.log(r.Context(), f)
		writeFailure(w, r, repr, f)
		return
	}
	writeAnswer(w, r, repr, req.did, a)
}

// resolve calls the resolver and checks its result before it is served.
func (h *Handler) resolve(ctx context.Context, req request, repr representation) (answer, *failure) {
	if h.Resolver == nil {
		return answer{}, internal(errors.New("didresolver: handler has no resolver"))
	}
	opts := req.opts
	// §4.1 accept: "The DID resolver implementation SHOULD use this value
	// to determine the representation of the returned didDocument".
	opts.Accept = repr.documentType()
	res, err := h.Resolver.Resolve(ctx, req.did, opts)
	// §12.1 step 6: "If the DID resolution ... function returns an error
	// metadata property in the didResolutionMetadata ..., then the HTTP
	// response status code MUST correspond to the type property of the
	// error object".
	var re *didmethod.ResolutionError
	switch {
	case errors.As(err, &re):
		f := fail(typeFor(re.Code), re.Error())
		f.cause = re.Err
		return answer{}, f
	case err != nil:
		return answer{}, internal(err)
	case res == nil:
		return answer{}, internal(errors.New("didresolver: resolver returned no result"))
	case res.ResolutionMetadata.Error != "":
		return answer{}, fail(typeFor(res.ResolutionMetadata.Error), "")
	}
	doc := res.Document
	if doc == nil && !res.DocumentMetadata.Deactivated {
		return answer{}, internal(errors.New("didresolver: resolver returned no document"))
	}
	if doc != nil {
		// §4, didDocument: "The value of id in the resolved DID document
		// MUST be string equal to the DID that was resolved."
		if doc.ID != req.did {
			return answer{}, internal(didmethod.ErrDocumentIDMismatch)
		}
		// §4.4 step 5.3: the output DID document "MUST be represented in
		// a conformant representation"; one that breaks DID Core §5 is
		// INVALID_DID_DOCUMENT (§11).
		if err := doc.Validate(); err != nil {
			f := fail(TypeInvalidDIDDocument, "")
			f.cause = err
			return answer{}, f
		}
	}
	status := http.StatusOK
	// §12.1 step 7: "If the DID resolution ... function returns a
	// deactivated metadata property with the value true in the
	// didDocumentMetadata ...: The HTTP response status code MUST be 410."
	// The document and its metadata are served as the resolver returned
	// them (step 8.1: the body holds "the result of the DID resolution
	// function").
	if res.DocumentMetadata.Deactivated {
		status = http.StatusGone
	}
	return answer{status: status, document: doc, metadata: res.DocumentMetadata}, nil
}

// internal is an unexpected failure: "If the DID resolver encounters any
// unexpected errors during the execution of the DID Resolution algorithm,
// it MUST return ... INTERNAL_ERROR" (§4.4).
func internal(cause error) *failure {
	f := fail(TypeInternalError, "")
	f.cause = cause
	return f
}

// log records a server error. Client errors are the client's to see and
// are not logged.
func (h *Handler) log(ctx context.Context, f *failure) {
	if h.Logger == nil || f.status < 500 || f.typ == TypeMethodNotSupported || f.typ == TypeFeatureNotSupported {
		return
	}
	cause := "none"
	if f.cause != nil {
		cause = f.cause.Error()
	}
	h.Logger.LogAttrs(ctx, slog.LevelError, "didresolver: resolution failed",
		slog.String("type", f.typ), slog.Int("status", f.status), slog.String("cause", cause))
}
