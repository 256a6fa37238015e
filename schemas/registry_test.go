package schemas

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoad(t *testing.T) {
	r := mustLoad(t)
	var ids []string
	for _, ty := range r.Types() {
		ids = append(ids, ty.ID)
	}
	if !slices.Equal(ids, typeIDs) {
		t.Fatalf("types = %v, want %v", ids, typeIDs)
	}
	for _, id := range typeIDs {
		t.Run(id, func(t *testing.T) {
			ty := mustType(t, r, id)
			if want := "urn:cachet:vct:" + id + ":1"; ty.VCT != want || ty.Metadata.VCT != want {
				t.Errorf("vct = %q / %q, want %q", ty.VCT, ty.Metadata.VCT, want)
			}
			if got, ok := r.ByVCT(ty.VCT); !ok || got != ty {
				t.Errorf("ByVCT(%q) did not find the type", ty.VCT)
			}
			if want := "urn:cachet:schema:" + id + ":1"; ty.SchemaID() != want {
				t.Errorf("SchemaID = %q, want %q", ty.SchemaID(), want)
			}
			embedded, err := fs.ReadFile(typesFS, "types/"+id+"/schema.json")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ty.SchemaJSON(), embedded) {
				t.Error("SchemaJSON differs from the embedded file")
			}
			sum := sha256.Sum256(embedded)
			if want := "sha256-" + base64.RawURLEncoding.EncodeToString(sum[:]); ty.SchemaDigest() != want {
				t.Errorf("SchemaDigest = %q, want %q", ty.SchemaDigest(), want)
			}
			meta, err := fs.ReadFile(typesFS, "types/"+id+"/metadata.json")
			if err != nil {
				t.Fatal(err)
			}
			msum := sha256.Sum256(meta)
			if want := "sha256-" + base64.StdEncoding.EncodeToString(msum[:]); ty.MetadataIntegrity() != want {
				t.Errorf("MetadataIntegrity = %q, want %q", ty.MetadataIntegrity(), want)
			}
		})
	}
	if _, ok := r.ByID("passport"); ok {
		t.Error("ByID found an undeclared type")
	}
	if _, ok := r.ByVCT("urn:cachet:vct:resident-id:2"); ok {
		t.Error("ByVCT found an undeclared version")
	}
}

// TestRegistryImmutable checks that what callers get back cannot change the
// registry.
func TestRegistryImmutable(t *testing.T) {
	r := mustLoad(t)
	ty := mustType(t, r, "resident-id")

	types := r.Types()
	types[0] = nil
	if r.Types()[0] == nil {
		t.Error("Types shares its slice")
	}
	b := ty.SchemaJSON()
	b[0] = 'x'
	if ty.SchemaJSON()[0] == 'x' {
		t.Error("SchemaJSON shares its bytes")
	}
	ty.Metadata.Claims[0].Display[1].Label = "changed"
	ty.Metadata.Claims[0].SD = SDNever
	if got := ty.Label([]string{"name"}, "en"); got != "Name" {
		t.Errorf("Label after changing Metadata = %q", got)
	}
	if !slices.ContainsFunc(ty.SelectivelyDisclosable(), func(p []string) bool { return slices.Equal(p, []string{"name"}) }) {
		t.Error("SelectivelyDisclosable follows changes to Metadata")
	}
	f := ty.Fields()
	f[0].Enum = append(f[0].Enum, "x")
	f[0].Path[0] = "changed"
	if ty.Fields()[0].Path[0] != "name" {
		t.Error("Fields shares its paths")
	}
}

func TestName(t *testing.T) {
	r := mustLoad(t)
	ty := mustType(t, r, "resident-id")
	tests := []struct{ lang, want string }{
		{"zh-CN", "居民身份证"},
		{"zh-cn", "居民身份证"},
		{"zh_CN", "居民身份证"},
		{"zh", "居民身份证"},
		{"zh-Hans-CN", "居民身份证"},
		{"en", "Resident Identity Card"},
		{"en-GB", "Resident Identity Card"},
		{"fr", "Resident Identity Card"},
		{"", "Resident Identity Card"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			if got := ty.Name(tt.lang); got != tt.want {
				t.Fatalf("Name(%q) = %q, want %q", tt.lang, got, tt.want)
			}
		})
	}
}

func TestLabel(t *testing.T) {
	r := mustLoad(t)
	tests := []struct {
		name, typ string
		path      []string
		lang      string
		want      string
	}{
		{"top level zh", "resident-id", []string{"id_number"}, "zh-CN", "公民身份号码"},
		{"top level en", "resident-id", []string{"id_number"}, "en", "Citizen identity number"},
		{"fallback to en", "resident-id", []string{"birth_date"}, "de", "Date of birth"},
		{"nested object", "business-licence", []string{"registered_capital", "currency"}, "zh-CN", "币种"},
		{"array element by index", "food-safety-report", []string{"test_items", "3", "result"}, "zh-CN", "检测结果"},
		{"array element by AllElements", "food-safety-report", []string{"test_items", AllElements, "result"}, "en", "Result"},
		{"array itself", "food-safety-report", []string{"test_items"}, "en", "Test items"},
		{"array position not an index", "food-safety-report", []string{"test_items", "x", "result"}, "en", ""},
		{"unknown claim", "resident-id", []string{"nickname"}, "en", ""},
		{"empty path", "resident-id", nil, "en", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustType(t, r, tt.typ).Label(tt.path, tt.lang); got != tt.want {
				t.Fatalf("Label(%v, %q) = %q, want %q", tt.path, tt.lang, got, tt.want)
			}
		})
	}
}

func TestValueLabel(t *testing.T) {
	r := mustLoad(t)
	tests := []struct {
		name, typ string
		path      []string
		value     string
		lang      string
		want      string
	}{
		{"sex zh", "resident-id", []string{"sex"}, "male", "zh-CN", "男"},
		{"ethnicity zh", "resident-id", []string{"ethnicity"}, "01", "zh-CN", "汉族"},
		{"ethnicity en", "household-registration", []string{"ethnicity"}, "56", "en", "Jino"},
		{"degree zh", "academic-degree", []string{"degree"}, "doctor", "zh-CN", "博士"},
		{"item conclusion", "food-safety-report", []string{"test_items", "0", "conclusion"}, "unqualified", "zh-CN", "不合格"},
		{"unknown value", "resident-id", []string{"sex"}, "other", "en", ""},
		{"claim without values", "resident-id", []string{"name"}, "x", "en", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustType(t, r, tt.typ).ValueLabel(tt.path, tt.value, tt.lang); got != tt.want {
				t.Fatalf("ValueLabel = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestEthnicityCodes checks both types carrying ethnicity list the 56
// groups of GB/T 3304 with identical labels.
func TestEthnicityCodes(t *testing.T) {
	r := mustLoad(t)
	a := mustType(t, r, "resident-id").claim([]string{"ethnicity"})
	b := mustType(t, r, "household-registration").claim([]string{"ethnicity"})
	if len(a.Values) != 56 {
		t.Fatalf("%d ethnic groups, want 56", len(a.Values))
	}
	if !reflect.DeepEqual(a.Values, b.Values) {
		t.Fatal("the two types label ethnic groups differently")
	}
	for i, v := range a.Values {
		if want := string(rune('0'+(i+1)/10)) + string(rune('0'+(i+1)%10)); v.Value != want {
			t.Errorf("value %d is %q, want %q", i, v.Value, want)
		}
	}
}

func TestSelectivelyDisclosable(t *testing.T) {
	r := mustLoad(t)
	tests := []struct {
		typ      string
		includes [][]string
		excludes [][]string
	}{
		{
			typ:      "resident-id",
			includes: [][]string{{"name"}, {"id_number"}, {"birth_date"}, {"address"}, {"sex"}, {"ethnicity"}},
			excludes: [][]string{{"issuing_authority"}, {"valid_from"}, {"valid_until"}},
		},
		{
			typ:      "household-registration",
			includes: [][]string{{"name"}, {"id_number"}, {"address"}, {"district_code"}},
			excludes: [][]string{{"registration_authority"}},
		},
		{
			typ:      "marriage-certificate",
			includes: [][]string{{"holder_name"}, {"holder_id_number"}, {"spouse_name"}, {"spouse_id_number"}},
			excludes: [][]string{{"registration_authority"}},
		},
		{
			typ:      "business-licence",
			includes: [][]string{{"legal_representative"}},
			excludes: [][]string{{"unified_social_credit_code"}, {"registration_authority"}, {"registered_capital", "amount"}},
		},
		{
			typ:      "food-safety-report",
			excludes: [][]string{{"conclusion"}, {"test_items", AllElements, "conclusion"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			got := mustType(t, r, tt.typ).SelectivelyDisclosable()
			has := func(p []string) bool {
				return slices.ContainsFunc(got, func(q []string) bool { return slices.Equal(p, q) })
			}
			for _, p := range tt.includes {
				if !has(p) {
					t.Errorf("%v is not selectively disclosable", p)
				}
			}
			for _, p := range tt.excludes {
				if has(p) {
					t.Errorf("%v is selectively disclosable", p)
				}
			}
		})
	}
	if got := mustType(t, r, "food-safety-report").SelectivelyDisclosable(); len(got) != 0 {
		t.Errorf("food safety report, a public record, has selectively disclosable claims %v", got)
	}
}

func TestFields(t *testing.T) {
	r := mustLoad(t)

	id := mustType(t, r, "resident-id").Fields()
	if len(id) != 9 || id[0].Path[0] != "name" || id[len(id)-1].Path[0] != "valid_until" {
		t.Fatalf("resident-id fields out of metadata order: %v", id)
	}
	for _, f := range id {
		if f.Path[0] == "id_number" && (f.Format != FormatCitizenID || !f.Required || f.SD != SDAlways || f.Kind != "string") {
			t.Errorf("id_number field = %+v", f)
		}
		if f.Path[0] == "sex" && !slices.Equal(f.Enum, []string{"male", "female"}) {
			t.Errorf("sex enum = %v", f.Enum)
		}
		if f.Path[0] == "name" && (f.MinLength != 1 || f.MaxLength != 64) {
			t.Errorf("name bounds = %d..%d", f.MinLength, f.MaxLength)
		}
	}

	for _, f := range mustType(t, r, "business-licence").Fields() {
		if f.Path[0] != "registered_capital" {
			continue
		}
		if f.Kind != "object" || f.Required || len(f.Fields) != 2 {
			t.Fatalf("registered_capital = %+v", f)
		}
		amount := f.Fields[0]
		if !slices.Equal(amount.Path, ClaimPath{"registered_capital", "amount"}) || amount.Kind != "integer" ||
			amount.Minimum != "0" || amount.Maximum != "1000000000000000" || !amount.Required {
			t.Errorf("amount = %+v", amount)
		}
	}

	for _, f := range mustType(t, r, "food-safety-report").Fields() {
		if f.Path[0] != "test_items" {
			continue
		}
		if f.Kind != "array" || f.MinItems != 1 || f.MaxItems != 20 || len(f.Fields) != 5 {
			t.Fatalf("test_items = %+v", f)
		}
		if want := (ClaimPath{"test_items", AllElements, "item"}); !slices.Equal(f.Fields[0].Path, want) {
			t.Errorf("first item field path = %v, want %v", f.Fields[0].Path, want)
		}
	}
}

// TestMetadataJSON checks the Go form of Type Metadata writes the draft's
// JSON: null for AllElements, locale, label, sd, mandatory.
func TestMetadataJSON(t *testing.T) {
	r := mustLoad(t)
	ty := mustType(t, r, "food-safety-report")
	out, err := json.Marshal(ty.Metadata)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"path":["test_items",null,"conclusion"]`, `"locale":"zh-CN"`, `"sd":"never"`, `"mandatory":true`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("marshalled metadata lacks %s", want)
		}
	}
	var back Metadata
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, ty.Metadata) {
		t.Error("metadata does not survive a JSON round trip")
	}
	var bad ClaimPath
	for _, in := range []string{`["a",1]`, `["*"]`, `"a"`} {
		if err := json.Unmarshal([]byte(in), &bad); err == nil {
			t.Errorf("ClaimPath accepted %s", in)
		}
	}
}

// typeFiles copies one embedded type into a MapFS after changing its
// decoded documents.
func typeFiles(t *testing.T, id string, schema, meta func(s, m map[string]any)) fstest.MapFS {
	t.Helper()
	read := func(name string) map[string]any {
		data, err := fs.ReadFile(typesFS, "types/"+id+"/"+name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	s, m := read("schema.json"), read("metadata.json")
	if schema != nil {
		schema(s, m)
	}
	if meta != nil {
		meta(s, m)
	}
	sb, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	mb, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return fstest.MapFS{
		id + "/schema.json":   {Data: sb},
		id + "/metadata.json": {Data: mb},
	}
}

func props(s map[string]any) map[string]any { return s["properties"].(map[string]any) }

func prop(s map[string]any, name string) map[string]any { return props(s)[name].(map[string]any) }

func claims(m map[string]any) []any { return m["claims"].([]any) }

func claimAt(m map[string]any, name string) map[string]any {
	for _, c := range claims(m) {
		c := c.(map[string]any)
		if p := c["path"].([]any); len(p) == 1 && p[0] == name {
			return c
		}
	}
	panic("no claim " + name)
}

func TestLoadRejects(t *testing.T) {
	const id = "resident-id"
	tests := []struct {
		name string
		fsys func(t *testing.T) fstest.MapFS
	}{
		{"no types", func(t *testing.T) fstest.MapFS { return fstest.MapFS{} }},
		{"stray file", func(t *testing.T) fstest.MapFS {
			f := typeFiles(t, id, nil, nil)
			f["README.md"] = &fstest.MapFile{Data: []byte("x")}
			return f
		}},
		{"folder not a lower-case name", func(t *testing.T) fstest.MapFS {
			f := typeFiles(t, id, nil, nil)
			return fstest.MapFS{"Resident_ID/schema.json": f[id+"/schema.json"], "Resident_ID/metadata.json": f[id+"/metadata.json"]}
		}},
		{"metadata missing", func(t *testing.T) fstest.MapFS {
			f := typeFiles(t, id, nil, nil)
			delete(f, id+"/metadata.json")
			return f
		}},
		{"duplicate member name", func(t *testing.T) fstest.MapFS {
			f := typeFiles(t, id, nil, nil)
			data := f[id+"/metadata.json"].Data
			f[id+"/metadata.json"] = &fstest.MapFile{Data: append([]byte(`{"vct":"urn:cachet:vct:x:1",`), data[1:]...)}
			return f
		}},
		{"trailing data", func(t *testing.T) fstest.MapFS {
			f := typeFiles(t, id, nil, nil)
			f[id+"/schema.json"] = &fstest.MapFile{Data: append(f[id+"/schema.json"].Data, []byte(" {}")...)}
			return f
		}},
		{"vct not the type's", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, nil, func(s, m map[string]any) { m["vct"] = "urn:cachet:vct:other:1" })
		}},
		{"wrong $id", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, func(s, m map[string]any) { s["$id"] = "urn:cachet:schema:other:1" }, nil)
		}},
		{"wrong draft", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, func(s, m map[string]any) { s["$schema"] = "http://json-schema.org/draft-07/schema#" }, nil)
		}},
		{"no english name", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, nil, func(s, m map[string]any) { m["display"] = m["display"].([]any)[:1] })
		}},
		{"lang instead of locale", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, nil, func(s, m map[string]any) {
				d := m["display"].([]any)[0].(map[string]any)
				d["lang"] = d["locale"]
				delete(d, "locale")
			})
		}},
		{"metadata claim not in schema", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, nil, func(s, m map[string]any) {
				extra := map[string]any{"path": []any{"nickname"}, "display": claimAt(m, "name")["display"], "sd": "always"}
				m["claims"] = append(claims(m), extra)
			})
		}},
		{"schema claim without metadata", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, nil, func(s, m map[string]any) { m["claims"] = claims(m)[1:] })
		}},
		{"claim listed twice", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, nil, func(s, m map[string]any) { m["claims"] = append(claims(m), claims(m)[0]) })
		}},
		{"claim without chinese label", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, nil, func(s, m map[string]any) {
				c := claimAt(m, "name")
				c["display"] = c["display"].([]any)[1:]
			})
		}},
		{"empty label", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, nil, func(s, m map[string]any) {
				claimAt(m, "name")["display"].([]any)[0].(map[string]any)["label"] = ""
			})
		}},
		{"sd not a policy", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, nil, func(s, m map[string]any) { claimAt(m, "name")["sd"] = "sometimes" })
		}},
		{"sd omitted", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, nil, func(s, m map[string]any) { delete(claimAt(m, "name"), "sd") })
		}},
		{"mandatory but not required", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, func(s, m map[string]any) { s["required"] = s["required"].([]any)[1:] }, nil)
		}},
		{"required but not mandatory", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, nil, func(s, m map[string]any) { claimAt(m, "name")["mandatory"] = false })
		}},
		{"enum without value labels", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, nil, func(s, m map[string]any) { delete(claimAt(m, "sex"), "x-cachet-values") })
		}},
		{"value label for no enum value", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, nil, func(s, m map[string]any) {
				claimAt(m, "sex")["x-cachet-values"].([]any)[0].(map[string]any)["value"] = "other"
			})
		}},
		{"value without chinese label", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, nil, func(s, m map[string]any) {
				v := claimAt(m, "sex")["x-cachet-values"].([]any)[0].(map[string]any)
				v["display"] = v["display"].([]any)[1:]
			})
		}},
		{"value labels on a free-text claim", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, nil, func(s, m map[string]any) {
				claimAt(m, "name")["x-cachet-values"] = claimAt(m, "sex")["x-cachet-values"]
			})
		}},
		{"misspelt keyword", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, func(s, m map[string]any) { prop(s, "name")["maxLenght"] = 10 }, nil)
		}},
		{"unknown format", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, func(s, m map[string]any) { prop(s, "birth_date")["format"] = "datum" }, nil)
		}},
		{"unbounded string", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, func(s, m map[string]any) { delete(prop(s, "name"), "maxLength") }, nil)
		}},
		{"string bound too large", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, func(s, m map[string]any) { prop(s, "name")["maxLength"] = MaxSchemaStringLength + 1 }, nil)
		}},
		{"open object", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, func(s, m map[string]any) { s["additionalProperties"] = true }, nil)
		}},
		{"claim not snake_case", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, func(s, m map[string]any) {
				props(s)["birthDate"] = props(s)["birth_date"]
				delete(props(s), "birth_date")
				for i, r := range s["required"].([]any) {
					if r == "birth_date" {
						s["required"].([]any)[i] = "birthDate"
					}
				}
			}, nil)
		}},
		{"invalid against the metaschema", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, func(s, m map[string]any) { prop(s, "name")["maxLength"] = -1 }, nil)
		}},
		{"id rule names a missing claim", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, func(s, m map[string]any) {
				s["x-cachet-id-consistency"].([]any)[0].(map[string]any)["birth_date"] = "dob"
			}, nil)
		}},
		{"id rule sex claim not male/female", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, id, func(s, m map[string]any) {
				s["x-cachet-id-consistency"].([]any)[0].(map[string]any)["sex"] = "name"
			}, nil)
		}},
		{"unbounded array", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, "food-safety-report", func(s, m map[string]any) { delete(prop(s, "test_items"), "maxItems") }, nil)
		}},
		{"unbounded number", func(t *testing.T) fstest.MapFS {
			return typeFiles(t, "business-licence", func(s, m map[string]any) {
				delete(prop(s, "registered_capital")["properties"].(map[string]any)["amount"].(map[string]any), "maximum")
			}, nil)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(tt.fsys(t))
			if !errors.Is(err, ErrBadDefinition) {
				t.Fatalf("load = %v, want ErrBadDefinition", err)
			}
			t.Log(err)
			if !strings.HasPrefix(err.Error(), "schemas: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
	t.Run("unchanged copy loads", func(t *testing.T) {
		if _, err := load(typeFiles(t, id, nil, nil)); err != nil {
			t.Fatal(err)
		}
	})
}
