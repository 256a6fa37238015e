package didresolver

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/cachet-district/cachet/didmethod"
)

// resolutionResult is a DID resolution result (DID Resolution §9): the DID
// document, the DID resolution metadata and the DID document metadata, in
// the member order of §9.1's example. Context is set only for the v0.3
// JSON-LD media type, MediaTypeResolutionLD.
type resolutionResult struct {
	Context            string                     `json:"@context,omitempty"`
	Document           *didmethod.Document        `json:"didDocument"`
	ResolutionMetadata resolutionMetadata         `json:"didResolutionMetadata"`
	DocumentMetadata   didmethod.DocumentMetadata `json:"didDocumentMetadata"`
}

// resolutionMetadata is DID resolution metadata (DID Resolution §4.2):
// contentType, the media type of the returned didDocument, and error, a
// problem details object.
type resolutionMetadata struct {
	ContentType string   `json:"contentType,omitempty"`
	Error       *problem `json:"error,omitempty"`
}

// answer is a resolution to render: the document (nil if there is none),
// its metadata and the HTTP status.
type answer struct {
	status   int
	document *didmethod.Document
	metadata didmethod.DocumentMetadata
}

// writeAnswer renders a resolution in representation repr (DID Resolution
// §12.1 step 8).
func writeAnswer(w http.ResponseWriter, r *http.Request, repr representation, did string, a answer) {
	doc := documentIn(a.document, repr.documentType())
	if repr.result() {
		// §12.1 step 8.1: "If the value of the Content-Type HTTP response
		// header is application/did-resolution: The HTTP body MUST contain
		// a DID resolution result".
		res := resolutionResult{
			Document:           doc,
			ResolutionMetadata: resolutionMetadata{ContentType: repr.documentType()},
			DocumentMetadata:   a.metadata,
		}
		if doc == nil {
			res.ResolutionMetadata.ContentType = ""
		}
		if repr == reprResultLD {
			res.Context = contextResolution
		}
		writeJSON(w, r, a.status, repr.mediaType(), res)
		return
	}
	if doc == nil {
		// A bare document is asked for, and the deactivated DID has none.
		// Serve the DID Core minimal document (§5.1.1: only id is
		// required), the document did:cachet resolves a deactivated DID
		// to (SPEC.md §3.2).
		doc = documentIn(&didmethod.Document{ID: did}, repr.documentType())
	}
	// §12.1 step 8.2: "The HTTP response MUST contain a Content-Type HTTP
	// response header. Its value MUST be the value of the contentType
	// metadata property in the didResolutionMetadata" and "The HTTP
	// response body MUST contain the didDocument ... in the representation
	// corresponding to the Content-Type".
	writeJSON(w, r, a.status, repr.mediaType(), doc)
}

// documentIn returns doc in the representation mediaType, as a copy. DID
// Core §6.3.1 (JSON-LD production): "The DID document MUST include the
// @context property", whose first value is the DID v1 context. DID Core
// §6.2 (JSON) defines no @context: it is a JSON-LD representation-specific
// entry, and is left out.
func documentIn(doc *didmethod.Document, mediaType string) *didmethod.Document {
	if doc == nil {
		return nil
	}
	out := *doc
	switch {
	case mediaType == didmethod.MediaTypeDIDJSON:
		out.Context = nil
	case len(out.Context) == 0:
		out.Context = didmethod.Context{didmethod.ContextDIDv1}
	}
	return &out
}

// writeFailure renders a failed resolution. A client that asked for a
// resolution result gets one with the error in its metadata (DID
// Resolution §4: didResolutionMetadata "MUST contain an error property
// describing the error"; didDocument "MUST be empty"; didDocumentMetadata
// "MUST be an empty metadata structure"). A client that asked for a bare
// document gets the problem details object alone (RFC 9457 §3).
func writeFailure(w http.ResponseWriter, r *http.Request, repr representation, f *failure) {
	if !repr.result() {
		writeProblem(w, r, f)
		return
	}
	res := resolutionResult{ResolutionMetadata: resolutionMetadata{Error: f.problem(false)}}
	if repr == reprResultLD {
		res.Context = contextResolution
	}
	writeJSON(w, r, f.status, repr.mediaType(), res)
}

// writeProblem renders f as application/problem+json: the answer to a
// request that never reached resolution (a wrong path, method, URI length
// or Accept) and to a failed request for a bare document.
func writeProblem(w http.ResponseWriter, r *http.Request, f *failure) {
	writeJSON(w, r, f.status, MediaTypeProblem, f.problem(true))
}

// writeJSON writes v as JSON with its Content-Type and Content-Length; a
// HEAD request gets the same status and headers and no body (RFC 9110
// §9.3.2).
func writeJSON(w http.ResponseWriter, r *http.Request, status int, contentType string, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		// Documents and metadata come from a resolver as Go values that
		// marshal; should one not, the client gets a bare 500.
		status, contentType = http.StatusInternalServerError, MediaTypeProblem
		body = []byte(`{"type":"` + TypeInternalError + `","title":"An internal error has occurred.","status":500}`)
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	// RFC 9110 §12.5.5: the representation depends on Accept.
	h.Set("Vary", "Accept")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}
