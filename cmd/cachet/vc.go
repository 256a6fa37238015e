package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/cachet-district/cachet/credential"
	"github.com/cachet-district/cachet/credential/jose"
	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/credential/sdjwt"
	"github.com/cachet-district/cachet/credential/status"
	"github.com/cachet-district/cachet/internal/strictjson"
	"github.com/cachet-district/cachet/keys"
	"github.com/cachet-district/cachet/schemas"
)

// Output formats of vc issue.
const (
	formatSDJWT = "sd-jwt"
	formatJWT   = "jwt"
)

// defaultKBMaxAge is how old a key-binding JWT or vp+jwt may be at verify
// time unless --max-age says otherwise: enough to type a presentation into a
// counter's terminal, short enough that a copy goes stale.
const defaultKBMaxAge = 5 * time.Minute

// vcIssue: cachet vc issue --type T --claims FILE --key KEY [--holder KEY] ...
func vcIssue(e env, args []string) error {
	fs := newFlags(e, "vc issue")
	format := fs.String("format", formatSDJWT, "sd-jwt (SD-JWT VC, selectively disclosable) or jwt (VCDM 2.0 vc+jwt)")
	typeID := fs.String("type", "", "credential type: "+strings.Join(typeIDs(), ", "))
	claimsPath := fs.String("claims", "", "JSON file with the credential's claims (- for standard input)")
	keyPath := fs.String("key", "", "the issuer's private JWK (its did:key is the issuer)")
	holderPath := fs.String("holder", "", "the holder's JWK (public or private): the credential is bound to it")
	listPath := fs.String("status-list", "", "list state file (from status new): allocate a random index in it (sd-jwt only)")
	valid := fs.Duration("valid", 10*365*24*time.Hour, "validity period from now")
	out := fs.String("out", "", "file to write the credential to (never overwritten); - for standard output")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if *format != formatSDJWT && *format != formatJWT {
		return usagef("--format must be sd-jwt or jwt, got %q", *format)
	}
	if *out == "" {
		return usagef("missing --out")
	}
	if *valid <= 0 {
		return usagef("--valid must be positive")
	}
	reg, err := schemas.Load()
	if err != nil {
		return err
	}
	t, ok := reg.ByID(*typeID)
	if !ok {
		return usagef("unknown --type %q: use one of %s", *typeID, strings.Join(typeIDs(), ", "))
	}
	raw, err := readIn(e, *claimsPath, "claims")
	if err != nil {
		return err
	}
	var claims map[string]any
	if err := strictjson.Unmarshal(raw, &claims); err != nil || claims == nil {
		return usagef("claims: not a JSON object: %v", err)
	}
	if err := t.Validate(claims); err != nil {
		return usagef("claims are not a valid %s: %s", t.ID, oneLine(err))
	}
	issuer, err := loadPrivateKey(e, *keyPath, "key", keys.RoleIssuer)
	if err != nil {
		return err
	}
	did, kid, err := didKeyOf(issuer.Public())
	if err != nil {
		return err
	}
	if *holderPath == "" {
		return usagef("missing --holder: a credential without a holder key can be presented by anyone who copies it")
	}
	holder, err := loadPublicKey(e, *holderPath, "holder")
	if err != nil {
		return err
	}
	now := e.now().UTC().Truncate(time.Second)

	var list *openList
	var idx int
	if *listPath != "" {
		if *format != formatSDJWT {
			return usagef("--status-list holds an OAuth Token Status List, which SD-JWT VCs reference; use --format sd-jwt")
		}
		if list, err = loadList(e, *listPath); err != nil {
			return err
		}
		if idx, err = list.alloc.Allocate(); err != nil {
			return usagef("status list: %v", err)
		}
	}

	var token string
	switch *format {
	case formatSDJWT:
		vc := sdjwt.VCClaims{VCT: t.VCT, Issuer: did, IssuedAt: now, Expires: now.Add(*valid), Holder: holder}
		if list != nil {
			vc.Status = map[string]any{"status_list": map[string]any{"idx": idx, "uri": list.state.URI}}
		}
		sd, err := sdjwt.IssueVC(issuer, kid, vc, claims, t.SelectivelyDisclosable(), sdjwt.IssueOptions{})
		if err != nil {
			return err
		}
		token = sd.String()
	case formatJWT:
		holderDID, _, err := didKeyOf(holder)
		if err != nil {
			return err
		}
		subject := map[string]any{"id": holderDID}
		for k, v := range claims {
			subject[k] = v
		}
		c := &credential.Credential{
			Context:           []credential.Context{{URL: credential.ContextV2}},
			Type:              []string{"VerifiableCredential", t.VCT},
			Issuer:            credential.Issuer{ID: did},
			ValidFrom:         now.Format(time.RFC3339),
			ValidUntil:        now.Add(*valid).Format(time.RFC3339),
			CredentialSubject: []map[string]any{subject},
			CredentialSchema:  []credential.Schema{{ID: t.SchemaID(), Type: "JsonSchema"}},
		}
		if token, err = jose.Issue(issuer, kid, c); err != nil {
			return err
		}
	}
	if err := writeOut(e, *out, []byte(token+"\n")); err != nil {
		return err
	}
	if list != nil {
		if err := list.save(); err != nil {
			// The index was not recorded: withdraw the credential rather
			// than risk handing the same index out twice.
			if *out != "-" {
				removeFile(*out)
			}
			return fmt.Errorf("status list: %w; credential not issued", err)
		}
	}
	if *out != "-" {
		fmt.Fprintf(e.stdout, "issued %s (%s) by %s to %s\n", t.Name("en"), *format, did, *out)
		if list != nil {
			fmt.Fprintf(e.stdout, "status: index %d of %s\n", idx, list.state.URI)
		}
	}
	return nil
}

// vcPresent: cachet vc present --credential FILE --holder-key KEY --aud A --nonce N [--disclose a,b]
func vcPresent(e env, args []string) error {
	fs := newFlags(e, "vc present")
	credPath := fs.String("credential", "", "the credential file (from vc issue)")
	holderPath := fs.String("holder-key", "", "the holder's private JWK")
	disclose := fs.String("disclose", "", "comma-separated claims to disclose (sd-jwt); nested claims as a.b, array elements as a.0 or a.*")
	aud := fs.String("aud", "", "the verifier's identifier (aud of the key-binding proof)")
	nonce := fs.String("nonce", "", "the verifier's nonce for this presentation")
	out := fs.String("out", "", "file to write the presentation to; - for standard output")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if *aud == "" || *nonce == "" {
		return usagef("--aud and --nonce are required: they bind the presentation to one verifier's request")
	}
	if *out == "" {
		return usagef("missing --out")
	}
	raw, err := readIn(e, *credPath, "credential")
	if err != nil {
		return err
	}
	holder, err := loadPrivateKey(e, *holderPath, "holder-key", keys.RoleHolder)
	if err != nil {
		return err
	}
	tok := strings.TrimSpace(string(raw))
	now := e.now().UTC()
	var pres string
	if strings.Contains(tok, "~") {
		sd, err := sdjwt.Parse(tok)
		if err != nil {
			return usagef("credential: %v", err)
		}
		if cnf := sd.UnverifiedPayload()["cnf"]; cnf == nil {
			return usagef("credential has no holder key (cnf): it cannot be presented with key binding")
		}
		var paths [][]string
		for _, p := range strings.Split(*disclose, ",") {
			if p = strings.TrimSpace(p); p != "" {
				paths = append(paths, strings.Split(p, "."))
			}
		}
		sel, err := sd.Select(paths)
		if err != nil {
			return usagef("--disclose: %v", err)
		}
		if pres, err = sel.Present(holder, *aud, *nonce, now); err != nil {
			return usagef("%v", err)
		}
	} else {
		if *disclose != "" {
			return usagef("--disclose needs an sd-jwt credential: a vc+jwt is disclosed whole")
		}
		p, err := jose.Parse(tok)
		if err != nil {
			return usagef("credential: %v", err)
		}
		holderDID, kid, err := didKeyOf(holder.Public())
		if err != nil {
			return err
		}
		if subj := p.Credential.CredentialSubject; len(subj) == 0 || subj[0]["id"] != holderDID {
			return usagef("--holder-key is not the key this credential was issued to")
		}
		vp := &credential.Presentation{
			Context:              []credential.Context{{URL: credential.ContextV2}},
			Type:                 []string{"VerifiablePresentation"},
			Holder:               credential.Issuer{ID: holderDID},
			VerifiableCredential: []*credential.Credential{credential.NewEnveloped("application/vc+jwt", tok)},
		}
		if pres, err = jose.IssuePresentation(holder, kid, vp, jose.PresentationClaims{Audience: *aud, Nonce: *nonce, IssuedAt: now}); err != nil {
			return usagef("%v", err)
		}
	}
	return writeOut(e, *out, []byte(pres+"\n"))
}

// vcVerify: cachet vc verify --in FILE [--aud A --nonce N] [--status-token FILE | --no-status]
func vcVerify(e env, args []string) error {
	fs := newFlags(e, "vc verify")
	in := fs.String("in", "", "the credential or presentation to verify (- for standard input)")
	aud := fs.String("aud", "", "this verifier's identifier, required for a presentation")
	nonce := fs.String("nonce", "", "the nonce this verifier gave, required for a presentation")
	maxAge := fs.Duration("max-age", defaultKBMaxAge, "how old a presentation's proof may be")
	statusPath := fs.String("status-token", "", "the issuer's statuslist+jwt, to check revocation and suspension")
	noStatus := fs.Bool("no-status", false, "accept without checking the status list (the output says so)")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	raw, err := readIn(e, *in, "in")
	if err != nil {
		return err
	}
	var statusTok string
	if *statusPath != "" {
		b, err := readIn(e, *statusPath, "status-token")
		if err != nil {
			return err
		}
		statusTok = strings.TrimSpace(string(b))
	}
	reg, err := schemas.Load()
	if err != nil {
		return err
	}
	v := verifier{e: e, reg: reg, aud: *aud, nonce: *nonce, maxAge: *maxAge, statusTok: statusTok, noStatus: *noStatus}
	tok := strings.TrimSpace(string(raw))
	if strings.Contains(tok, "~") {
		return v.sdjwt(tok)
	}
	jt, err := jws.Parse(tok)
	if err != nil {
		return usagef("not an SD-JWT, vc+jwt or vp+jwt: %v", err)
	}
	switch {
	case jws.TypIs(jt.Header.Typ, "vp+jwt"):
		return v.vpJWT(tok)
	case jws.TypIs(jt.Header.Typ, "vc+jwt"):
		return v.vcJWT(tok, time.Time{})
	}
	return usagef("unsupported token type %q: expected dc+sd-jwt, vc+jwt or vp+jwt", jt.Header.Typ)
}

// verifier holds one vc verify run's trust inputs.
type verifier struct {
	e          env
	reg        *schemas.Registry
	aud, nonce string
	maxAge     time.Duration
	statusTok  string
	noStatus   bool
}

func (v *verifier) sdjwt(tok string) error {
	sd, err := sdjwt.Parse(tok)
	if err != nil {
		return usagef("sd-jwt: %v", err)
	}
	iss, _ := sd.UnverifiedPayload()["iss"].(string)
	pub, err := resolveKid(sd.Header().Kid, iss)
	if err != nil {
		return &verifyError{fmt.Errorf("issuer key: %w", err)}
	}
	if sd.HasKeyBinding() && (v.aud == "" || v.nonce == "") {
		return usagef("--aud and --nonce are required to verify a presentation")
	}
	opts := sdjwt.VerifyOptions{
		IssuerKey: pub, Algorithms: keys.Algorithms(), Now: v.e.now(), Issuer: iss,
		KeyBinding: sdjwt.KeyBindingOptions{Nonce: v.nonce, Audience: v.aud, MaxAge: v.maxAge},
	}
	var res *sdjwt.VerifiedVC
	if sd.HasKeyBinding() {
		res, err = sd.VerifyVC(opts)
	} else {
		// A credential as issued, checked by its holder or a bureau: there
		// is no presentation to bind, and the output says so.
		res, err = sd.VerifyVCIssuance(opts)
	}
	if err != nil {
		return &verifyError{err}
	}
	t, ok := v.reg.ByVCT(res.VC.VCT)
	if !ok {
		return &verifyError{fmt.Errorf("unknown credential type %q", res.VC.VCT)}
	}
	claims := res.CredentialClaims()
	if err := t.ValidateDisclosed(claims); err != nil {
		return &verifyError{fmt.Errorf("claims do not fit %s: %s", t.ID, oneLine(err))}
	}
	statusLine, err := v.checkStatus(res.VC)
	if err != nil {
		return err
	}
	w := v.e.stdout
	fmt.Fprintf(w, "verified: %s (%s) issued by %s\n", t.Name("en"), t.Name("zh-CN"), iss)
	fmt.Fprintf(w, "valid until: %s\n", res.VC.Expires.UTC().Format(time.RFC3339))
	if res.KeyBinding != nil {
		fmt.Fprintf(w, "holder binding: verified for %s\n", v.aud)
	} else {
		fmt.Fprintln(w, "holder binding: none (an issued credential, not a presentation)")
	}
	fmt.Fprintln(w, statusLine)
	return printClaims(w, claims)
}

// checkStatus looks the credential up in the given status list token.
func (v *verifier) checkStatus(vc sdjwt.VCClaims) (string, error) {
	if vc.Status == nil {
		return "status: the credential has no status entry", nil
	}
	ref, err := vc.StatusList()
	if err != nil {
		return "", &verifyError{err}
	}
	if v.statusTok == "" {
		if v.noStatus {
			return "status: NOT CHECKED (--no-status)", nil
		}
		return "", usagef("the credential has a status entry (%s, index %d): pass --status-token FILE, or --no-status to skip the check", ref.URI, ref.Index)
	}
	tl, err := verifyStatusToken(v.e, v.statusTok, ref.URI, vc.Issuer)
	if err != nil {
		return "", err
	}
	st, err := (&status.StatusListRef{Idx: ref.Index, URI: ref.URI}).Lookup(tl)
	if err != nil {
		return "", &verifyError{err}
	}
	switch st {
	case status.StatusValid:
		return "status: valid", nil
	case status.StatusInvalid:
		return "", &verifyError{errors.New("the credential has been revoked")}
	case status.StatusSuspended:
		return "", &verifyError{errors.New("the credential is suspended")}
	}
	return "", &verifyError{fmt.Errorf("the credential's status is %s", st)}
}

// vcJWT verifies a vc+jwt; at, when not zero, is the time of the
// presentation carrying it.
func (v *verifier) vcJWT(tok string, _ time.Time) error {
	p, err := jose.Parse(tok)
	if err != nil {
		return usagef("vc+jwt: %v", err)
	}
	c, t, err := v.verifyEnveloped(p)
	if err != nil {
		return err
	}
	fmt.Fprintf(v.e.stdout, "verified: %s (%s) issued by %s\nvalid until: %s\nholder binding: none (an issued credential, not a presentation)\n", t.Name("en"), t.Name("zh-CN"), c.Issuer.ID, c.ValidUntil)
	return printClaims(v.e.stdout, c.CredentialSubject[0])
}

func (v *verifier) verifyEnveloped(p *jose.Parsed) (*credential.Credential, *schemas.Type, error) {
	pub, err := resolveKid(p.Header.Kid, p.Credential.Issuer.ID)
	if err != nil {
		return nil, nil, &verifyError{fmt.Errorf("issuer key: %w", err)}
	}
	c, err := p.Verify(pub, jose.VerifyOptions{Algorithms: keys.Algorithms(), Now: v.e.now()})
	if err != nil {
		return nil, nil, &verifyError{err}
	}
	var t *schemas.Type
	for _, s := range c.CredentialSchema {
		for _, cand := range v.reg.Types() {
			if cand.SchemaID() == s.ID {
				t = cand
			}
		}
	}
	if t == nil || len(c.CredentialSubject) != 1 {
		return nil, nil, &verifyError{errors.New("the credential names no known Cachet schema")}
	}
	subject := map[string]any{}
	for k, val := range c.CredentialSubject[0] {
		if k != "id" {
			subject[k] = val
		}
	}
	if err := t.Validate(subject); err != nil {
		return nil, nil, &verifyError{fmt.Errorf("claims do not fit %s: %s", t.ID, oneLine(err))}
	}
	if len(c.CredentialStatus) > 0 && !v.noStatus {
		return nil, nil, usagef("the credential has a credentialStatus entry; its Bitstring Status List is not checked by this command yet: pass --no-status to accept without it")
	}
	return c, t, nil
}

func (v *verifier) vpJWT(tok string) error {
	if v.aud == "" || v.nonce == "" {
		return usagef("--aud and --nonce are required to verify a presentation")
	}
	pp, err := jose.ParsePresentation(tok)
	if err != nil {
		return usagef("vp+jwt: %v", err)
	}
	pub, err := resolveKid(pp.Header.Kid, pp.Presentation.Holder.ID)
	if err != nil {
		return &verifyError{fmt.Errorf("holder key: %w", err)}
	}
	if _, err := pp.Verify(pub, jose.PresentationOptions{Algorithms: keys.Algorithms(), Now: v.e.now(), Audience: v.aud, Nonce: v.nonce, MaxAge: v.maxAge}); err != nil {
		return &verifyError{err}
	}
	if len(pp.Credentials) == 0 {
		return &verifyError{errors.New("the presentation holds no credential")}
	}
	for _, p := range pp.Credentials {
		c, t, err := v.verifyEnveloped(p)
		if err != nil {
			return err
		}
		// The holder who signed must be the subject the credential was
		// issued to (VCDM 2.0 §4.13 leaves this to the verifier's policy;
		// Cachet binds every credential to its holder).
		if c.CredentialSubject[0]["id"] != pp.Presentation.Holder.ID {
			return &verifyError{errors.New("the presenter is not the holder the credential was issued to")}
		}
		fmt.Fprintf(v.e.stdout, "verified: %s (%s) issued by %s\nvalid until: %s\nholder binding: verified for %s\n", t.Name("en"), t.Name("zh-CN"), c.Issuer.ID, c.ValidUntil, v.aud)
		if err := printClaims(v.e.stdout, c.CredentialSubject[0]); err != nil {
			return err
		}
	}
	return nil
}

func printClaims(w io.Writer, claims map[string]any) error {
	b, err := json.MarshalIndent(claims, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "claims:\n%s\n", b)
	return err
}

// oneLine shortens a validation error to its first problem and a count.
func oneLine(err error) string {
	var ve *schemas.ValidationError
	if errors.As(err, &ve) && len(ve.Fields) > 0 {
		s := ve.Fields[0].Path + ": " + ve.Fields[0].Message
		if n := len(ve.Fields) - 1 + ve.Omitted; n > 0 {
			s += fmt.Sprintf(" (and %d more)", n)
		}
		return s
	}
	return err.Error()
}

func typeIDs() []string {
	reg, err := schemas.Load()
	if err != nil {
		return nil
	}
	var ids []string
	for _, t := range reg.Types() {
		ids = append(ids, t.ID)
	}
	sort.Strings(ids)
	return ids
}
