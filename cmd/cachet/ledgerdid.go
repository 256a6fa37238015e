package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cachet-district/cachet/didmethod"
	didcachet "github.com/cachet-district/cachet/didmethod/cachet"
	"github.com/cachet-district/cachet/didmethod/jwk"
	"github.com/cachet-district/cachet/didmethod/key"
	"github.com/cachet-district/cachet/keys"
	"github.com/cachet-district/cachet/ledger"
)

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// controllerKID is the fragment of the controller key `did create` writes.
const controllerKID = "#key-1"

// didCreate: cachet did create --key KEY [--assertion PUB]... [--service ID,TYPE,URL]...
func didCreate(e env, args []string) error {
	fs := newFlags(e, "did create")
	keyPath := fs.String("key", "", "the controller key: private JWK file or STORE#ID (signs this and every later operation on the DID)")
	role := fs.String("role", string(keys.RoleIssuer), "the controller key's role in a key store: issuer or verifier")
	var assertions, services listFlag
	fs.Var(&assertions, "assertion", "a public key (JWK file or STORE#ID) that signs credentials; repeatable (default: the controller key)")
	fs.Var(&services, "service", "a service as ID,TYPE,URL (e.g. status,StatusList,https://ps.example/status); repeatable")
	var conn ledgerConn
	conn.register(fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if *keyPath == "" {
		return usagef("missing --key")
	}
	ctl, err := loadPrivateKey(e, *keyPath, "key", keys.Role(*role))
	if err != nil {
		return err
	}
	doc := ledger.Document{
		VerificationMethod:   []ledger.VerificationMethod{jwkMethod(controllerKID, ctl.Public())},
		Authentication:       []string{controllerKID},
		CapabilityInvocation: []string{controllerKID},
	}
	if len(assertions) == 0 {
		doc.AssertionMethod = []string{controllerKID}
	}
	for _, a := range assertions {
		pub, err := loadPublicKey(e, a, "assertion")
		if err != nil {
			return err
		}
		id := nextKeyID(&doc)
		doc.VerificationMethod = append(doc.VerificationMethod, jwkMethod(id, pub))
		doc.AssertionMethod = append(doc.AssertionMethod, id)
	}
	if err := addServices(&doc, services); err != nil {
		return err
	}
	s, err := conn.open(e)
	if err != nil {
		return err
	}
	defer s.close()
	tx, did, err := ledger.NewDIDCreate(s.chain, doc, ctl, controllerKID)
	if err != nil {
		return err
	}
	return s.submit(e, tx, "created "+did)
}

// jwkMethod is a JsonWebKey verification method for pub.
func jwkMethod(id string, pub *keys.PublicKey) ledger.VerificationMethod {
	jwk := pub.JWK()
	return ledger.VerificationMethod{ID: id, Type: ledger.TypeJsonWebKey, PublicKeyJwk: &jwk}
}

// nextKeyID returns "#key-N" for the first N not used in doc.
func nextKeyID(doc *ledger.Document) string {
	for n := 1; ; n++ {
		id := "#key-" + strconv.Itoa(n)
		if !slices.ContainsFunc(doc.VerificationMethod, func(m ledger.VerificationMethod) bool { return m.ID == id }) {
			return id
		}
	}
}

// addServices parses ID,TYPE,URL services into doc.
func addServices(doc *ledger.Document, services []string) error {
	for _, sv := range services {
		parts := strings.SplitN(sv, ",", 3)
		if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
			return usagef("--service %q: want ID,TYPE,URL", sv)
		}
		id := "#" + strings.TrimPrefix(parts[0], "#")
		if slices.ContainsFunc(doc.Service, func(s ledger.Service) bool { return s.ID == id }) {
			return usagef("--service: the document already has a service %s", id)
		}
		doc.Service = append(doc.Service, ledger.Service{ID: id, Type: parts[1], ServiceEndpoint: parts[2]})
	}
	return nil
}

// ledgerError explains a rejected transaction in one line.
func ledgerError(err error) error {
	var rej *ledger.RejectedError
	if errors.As(err, &rej) {
		return fmt.Errorf("the ledger rejected the operation (code %d, %s): %s", rej.Result.Code, rej.Result.Code, rej.Result.Log)
	}
	return fmt.Errorf("ledger: %w", err)
}

// controlled is a DID opened for an operation by one of its controller
// keys: the session, its current document, the key, the key's kid in the
// document and the DID's next sequence number.
type controlled struct {
	s   *ledgerSession
	doc *ledger.Document
	ctl *keys.PrivateKey
	kid string
	seq uint64
}

// openControlled loads the controller key, connects to the ledger and
// finds the key in did's current document. The caller closes c.s.
func openControlled(e env, conn *ledgerConn, did, keyPath, role string) (*controlled, error) {
	if did == "" || keyPath == "" {
		return nil, usagef("give --did and --key")
	}
	ctl, err := loadPrivateKey(e, keyPath, "key", keys.Role(role))
	if err != nil {
		return nil, err
	}
	s, err := conn.open(e)
	if err != nil {
		return nil, err
	}
	doc, kid, seq, err := controlledDID(e.ctx, s, did, ctl)
	if err != nil {
		s.close()
		return nil, err
	}
	return &controlled{s: s, doc: doc, ctl: ctl, kid: kid, seq: seq}, nil
}

// controlledDID resolves did's current document and finds the
// capabilityInvocation method of ctl, the kid that signs the operation.
func controlledDID(ctx context.Context, s *ledgerSession, did string, ctl *keys.PrivateKey) (*ledger.Document, string, uint64, error) {
	res, err := s.reader.ResolveDID(ctx, did, "", nil)
	if err != nil {
		return nil, "", 0, usagef("%s: %v", did, err)
	}
	if res.Document == nil {
		return nil, "", 0, usagef("%s is deactivated", did)
	}
	tp := ctl.Public().Thumbprint()
	kid := ""
	for _, m := range res.Document.VerificationMethod {
		if !slices.Contains(res.Document.CapabilityInvocation, m.ID) {
			continue
		}
		if pub, err := m.PublicKey(); err == nil && pub.Thumbprint() == tp {
			kid = m.ID
		}
	}
	if kid == "" {
		return nil, "", 0, usagef("--key is not a controller (capabilityInvocation) key of %s", did)
	}
	seq, err := s.reader.NextSeq(ctx, did)
	if err != nil {
		return nil, "", 0, ledgerError(err)
	}
	return res.Document, kid, seq, nil
}

// didUpdate: cachet did update --did DID --key KEY [--rotate NEWKEY] [--add-assertion PUB]... [--remove ID]... [--add-service ID,TYPE,URL]... [--remove-service ID]...
func didUpdate(e env, args []string) error {
	fs := newFlags(e, "did update")
	did := fs.String("did", "", "the did:cachet DID to update (required)")
	keyPath := fs.String("key", "", "a current controller key: private JWK file or STORE#ID")
	role := fs.String("role", string(keys.RoleIssuer), "the keys' role in a key store")
	rotate := fs.String("rotate", "", "replace the signing controller key by this private key (JWK file or STORE#ID); it also takes the old key's other roles")
	var addAssert, remove, addService, removeService listFlag
	fs.Var(&addAssert, "add-assertion", "add a public key (JWK file or STORE#ID) that signs credentials; repeatable")
	fs.Var(&remove, "remove", "remove a verification method by id (key-2 or #key-2); repeatable")
	fs.Var(&addService, "add-service", "add a service ID,TYPE,URL; repeatable")
	fs.Var(&removeService, "remove-service", "remove a service by id; repeatable")
	var conn ledgerConn
	conn.register(fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if *rotate == "" && len(addAssert)+len(remove)+len(addService)+len(removeService) == 0 {
		return usagef("nothing to change: give --rotate, --add-assertion, --remove, --add-service or --remove-service")
	}
	c, err := openControlled(e, &conn, *did, *keyPath, *role)
	if err != nil {
		return err
	}
	defer c.s.close()
	doc, kid := c.doc, c.kid
	if *rotate != "" {
		nk, err := loadPrivateKey(e, *rotate, "rotate", keys.Role(*role))
		if err != nil {
			return err
		}
		id := nextKeyID(doc)
		doc.VerificationMethod = append(doc.VerificationMethod, jwkMethod(id, nk.Public()))
		for _, rel := range relationships(doc) {
			if i := slices.Index(*rel, kid); i >= 0 {
				(*rel)[i] = id
			}
		}
		removeMethod(doc, kid)
	}
	for _, a := range addAssert {
		pub, err := loadPublicKey(e, a, "add-assertion")
		if err != nil {
			return err
		}
		id := nextKeyID(doc)
		doc.VerificationMethod = append(doc.VerificationMethod, jwkMethod(id, pub))
		doc.AssertionMethod = append(doc.AssertionMethod, id)
	}
	for _, r := range remove {
		id := "#" + strings.TrimPrefix(r, "#")
		if !removeMethod(doc, id) {
			return usagef("--remove: %s has no verification method %s", *did, id)
		}
	}
	for _, r := range removeService {
		id := "#" + strings.TrimPrefix(r, "#")
		n := len(doc.Service)
		doc.Service = slices.DeleteFunc(doc.Service, func(s ledger.Service) bool { return s.ID == id })
		if len(doc.Service) == n {
			return usagef("--remove-service: %s has no service %s", *did, id)
		}
	}
	if err := addServices(doc, addService); err != nil {
		return err
	}
	if len(doc.CapabilityInvocation) == 0 {
		return usagef("the update would leave %s with no controller key", *did)
	}
	tx, err := ledger.NewDIDUpdate(c.s.chain, *did, c.seq, *doc, c.ctl, kid)
	if err != nil {
		return err
	}
	return c.s.submit(e, tx, "updated "+*did)
}

// relationships returns pointers to every verification relationship of doc.
func relationships(doc *ledger.Document) []*[]string {
	return []*[]string{&doc.Authentication, &doc.AssertionMethod, &doc.KeyAgreement, &doc.CapabilityInvocation, &doc.CapabilityDelegation}
}

// removeMethod removes a verification method and every reference to it.
func removeMethod(doc *ledger.Document, id string) bool {
	n := len(doc.VerificationMethod)
	doc.VerificationMethod = slices.DeleteFunc(doc.VerificationMethod, func(m ledger.VerificationMethod) bool { return m.ID == id })
	for _, rel := range relationships(doc) {
		*rel = slices.DeleteFunc(*rel, func(r string) bool { return r == id })
	}
	return len(doc.VerificationMethod) < n
}

// didDeactivate: cachet did deactivate --did DID --key KEY
func didDeactivate(e env, args []string) error {
	fs := newFlags(e, "did deactivate")
	did := fs.String("did", "", "the did:cachet DID to deactivate, for good (required)")
	keyPath := fs.String("key", "", "a controller key: private JWK file or STORE#ID")
	role := fs.String("role", string(keys.RoleIssuer), "the key's role in a key store")
	var conn ledgerConn
	conn.register(fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	c, err := openControlled(e, &conn, *did, *keyPath, *role)
	if err != nil {
		return err
	}
	defer c.s.close()
	tx, err := ledger.NewDIDDeactivate(c.s.chain, *did, c.seq, c.ctl, c.kid)
	if err != nil {
		return err
	}
	return c.s.submit(e, tx, "deactivated "+*did)
}

// didResolve: cachet did resolve --did DID [--version-id N | --version-time T]
func didResolve(e env, args []string) error {
	fs := newFlags(e, "did resolve")
	did := fs.String("did", "", "the DID to resolve: did:cachet (from the ledger), did:key or did:jwk (required)")
	versionID := fs.String("version-id", "", "resolve this version (1, 2, ...)")
	versionTime := fs.String("version-time", "", "resolve the version in force at this RFC 3339 time")
	var conn ledgerConn
	conn.register(fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if *did == "" {
		return usagef("missing --did")
	}
	opts := didmethod.ResolutionOptions{VersionID: *versionID}
	if *versionTime != "" {
		t, err := time.Parse(time.RFC3339, *versionTime)
		if err != nil {
			return usagef("--version-time: %v", err)
		}
		opts.VersionTime = &t
	}
	methods := map[string]didmethod.Resolver{"key": key.Resolver{}, "jwk": jwk.Resolver{}}
	// Only a did:cachet DID needs the ledger.
	if strings.HasPrefix(*did, "did:"+didcachet.Method+":") {
		s, err := conn.open(e)
		if err != nil {
			return err
		}
		defer s.close()
		methods[didcachet.Method] = didcachet.Resolver{Source: s.reader}
	}
	r, err := didmethod.NewMultiResolver(methods)
	if err != nil {
		return err
	}
	res, err := r.Resolve(e.ctx, *did, opts)
	if res == nil {
		return err
	}
	out, merr := json.MarshalIndent(res, "", "  ")
	if merr != nil {
		return merr
	}
	fmt.Fprintf(e.stdout, "%s\n", out)
	if err != nil {
		return &verifyError{err}
	}
	return nil
}
