package jose

import "errors"

// Errors. Signature and structure failures of the JWS itself wrap the
// credential/jws sentinels (jws.ErrMalformed, jws.ErrAlgorithmNotAllowed,
// jws.ErrKeyMismatch, jws.ErrSignature, jws.ErrUnknownCritical); data model
// failures wrap ErrInvalidCredential (or ErrInvalidPresentation) and the
// credential package's rule sentinel; failures of the validity period wrap
// credential.ErrNotYetValid or credential.ErrExpired.
var (
	ErrOptions             = errors.New("jose: verify options incomplete")
	ErrType                = errors.New("jose: typ header is not vc+jwt")
	ErrPresentationType    = errors.New("jose: typ header is not vp+jwt")
	ErrContentType         = errors.New("jose: unsupported cty header")
	ErrKidMissing          = errors.New("jose: kid header missing")
	ErrPayload             = errors.New("jose: payload is not a credential document")
	ErrClaim               = errors.New("jose: registered claim of the wrong type")
	ErrVCVPClaim           = errors.New("jose: vc or vp claim present")
	ErrIssuerMismatch      = errors.New("jose: iss claim does not match the issuer")
	ErrKidNotIssuer        = errors.New("jose: kid is not a verification method of the issuer")
	ErrTokenExpired        = errors.New("jose: token expired (exp)")
	ErrTokenNotYetValid    = errors.New("jose: token not yet valid (nbf)")
	ErrInvalidCredential   = errors.New("jose: credential does not conform to the data model")
	ErrEmbeddedProof       = errors.New("jose: credential carries an embedded proof")
	ErrInvalidPresentation = errors.New("jose: presentation does not conform to the data model")
	ErrHolderMissing       = errors.New("jose: presentation has no holder")
	ErrHolderMismatch      = errors.New("jose: iss claim does not match the holder")
	ErrKidNotHolder        = errors.New("jose: kid is not a verification method of the holder")
	ErrAudience            = errors.New("jose: aud claim does not name this verifier")
	ErrNonce               = errors.New("jose: nonce claim does not match")
	ErrIssuedAt            = errors.New("jose: iat claim missing, in the future or too old")
	ErrNotEnveloped        = errors.New("jose: presentation carries a credential that is not an EnvelopedVerifiableCredential")
	ErrEnvelopeMediaType   = errors.New("jose: enveloped credential is not application/vc+jwt")
	ErrTooManyCredentials  = errors.New("jose: too many credentials in the presentation")
)
