package schemas

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestExamplesValidate checks every type has an example and that it
// passes, whether numbers decode to float64 or json.Number.
func TestExamplesValidate(t *testing.T) {
	r := mustLoad(t)
	files, err := filepath.Glob(filepath.Join("testdata", "examples", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range files {
		ids = append(ids, strings.TrimSuffix(filepath.Base(f), ".json"))
	}
	if !slices.Equal(ids, typeIDs) {
		t.Fatalf("examples %v, want one per type %v", ids, typeIDs)
	}
	for _, id := range typeIDs {
		for _, useNumber := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/useNumber=%t", id, useNumber), func(t *testing.T) {
				if err := mustType(t, r, id).Validate(readExample(t, id, useNumber)); err != nil {
					t.Fatalf("example fails: %v", err)
				}
			})
		}
	}
}

// TestValidateAccepts covers claims that differ from the examples and are
// still valid.
func TestValidateAccepts(t *testing.T) {
	r := mustLoad(t)
	tests := []struct {
		name, typ string
		change    func(c map[string]any)
	}{
		{"identity card valid long-term", "resident-id", func(c map[string]any) { c["valid_until"] = LongTerm }},
		{"identity card of a man born in 1880", "resident-id", func(c map[string]any) {
			c["id_number"], c["birth_date"], c["sex"] = "440524188001010014", "1880-01-01", "male"
		}},
		{"foreign spouse with a passport number", "marriage-certificate", func(c map[string]any) {
			c["spouse_nationality"], c["spouse_id_number"] = "USA", "E12345678"
		}},
		{"licence without capital or term", "business-licence", func(c map[string]any) {
			delete(c, "registered_capital")
			delete(c, "business_term_until")
		}},
		{"licence term with an end date", "business-licence", func(c map[string]any) { c["business_term_until"] = "2041-04-11" }},
		{"capital as a Go integer", "business-licence", func(c map[string]any) {
			c["registered_capital"] = map[string]any{"amount": int64(500000), "currency": "CNY"}
		}},
		{"capital as a json.Number", "business-licence", func(c map[string]any) {
			c["registered_capital"] = map[string]any{"amount": json.Number("5e5"), "currency": "CNY"}
		}},
		{"unqualified report with an unqualified item", "food-safety-report", func(c map[string]any) {
			c["test_items"].([]any)[1].(map[string]any)["conclusion"] = "unqualified"
			c["conclusion"] = "unqualified"
		}},
		{"collective household member", "household-registration", func(c map[string]any) {
			c["household_type"], c["relationship_to_head"], c["head_of_household"] = "collective", "other", "佛山市禅城区某某有限公司"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := readExample(t, tt.typ, false)
			tt.change(c)
			if err := mustType(t, r, tt.typ).Validate(c); err != nil {
				t.Fatalf("Validate = %v", err)
			}
		})
	}
}

// TestValidateRejects changes one claim of an example per case and checks
// the one FieldError it causes.
func TestValidateRejects(t *testing.T) {
	r := mustLoad(t)
	deep := map[string]any{}
	for i, m := 0, deep; i < MaxClaimDepth; i++ {
		next := map[string]any{}
		m["a"] = next
		m = next
	}
	tests := []struct {
		name, typ  string
		change     func(c map[string]any)
		path, code string
		message    string // a part of the English message, if set
		messageZH  string // a part of the Chinese message, if set
	}{
		// Presence and shape.
		{"missing required", "resident-id", func(c map[string]any) { delete(c, "name") }, "/name", CodeRequired, "Name is required.", "姓名为必填项。"},
		{"unknown claim", "resident-id", func(c map[string]any) { c["nickname"] = "阿敏" }, "/nickname", CodeUnknownField, `Field "nickname" does not belong to this credential (Resident Identity Card).`, "居民身份证"},
		{"envelope claim passed in", "resident-id", func(c map[string]any) { c["vct"] = "urn:cachet:vct:resident-id:1" }, "/vct", CodeUnknownField, "", ""},
		{"wrong type", "resident-id", func(c map[string]any) { c["name"] = 42.0 }, "/name", CodeType, "Name must be text.", "姓名必须是文本。"},
		{"empty text", "resident-id", func(c map[string]any) { c["name"] = "" }, "/name", CodeTooShort, "must not be empty", "不能为空"},
		{"text too long", "resident-id", func(c map[string]any) { c["name"] = strings.Repeat("陈", 65) }, "/name", CodeTooLong, "at most 64 characters", "最多 64 个字符"},

		// Enumerations.
		{"bad enum", "resident-id", func(c map[string]any) { c["sex"] = "m" }, "/sex", CodeEnum, "Sex must be one of: Male, Female.", "性别必须是以下之一：男、女。"},
		{"ethnic group as a name", "resident-id", func(c map[string]any) { c["ethnicity"] = "汉" }, "/ethnicity", CodeEnum, "must be chosen from the list", "须从列表中选择"},
		{"ethnic code 57", "household-registration", func(c map[string]any) { c["ethnicity"] = "57" }, "/ethnicity", CodeEnum, "", ""},
		{"bad degree", "academic-degree", func(c map[string]any) { c["degree"] = "associate" }, "/degree", CodeEnum, "Bachelor, Master, Doctor", "学士、硕士、博士"},

		// Dates.
		{"impossible date", "resident-id", func(c map[string]any) { c["birth_date"] = "1992-02-30" }, "/birth_date", CodeFormat, "Date of birth must be a date written as YYYY-MM-DD.", "出生日期必须是 YYYY-MM-DD 格式的日期。"},
		{"date in another layout", "household-registration", func(c map[string]any) { c["registration_date"] = "2016/09/21" }, "/registration_date", CodeFormat, "", ""},
		{"validity end neither date nor long-term", "resident-id", func(c map[string]any) { c["valid_until"] = "长期" }, "/valid_until", CodeFormat, "or long-term", "long-term（长期）"},

		// Citizen identity numbers.
		{"id checksum", "resident-id", func(c map[string]any) { c["id_number"] = "440604199208170245" }, "/id_number", CodeChecksum, "fails its check character", "校验码不符"},
		{"id wrong length", "resident-id", func(c map[string]any) { c["id_number"] = "44060419920817024" }, "/id_number", CodeFormat, "must have 18 characters", "必须为 18 位"},
		{"id bad date part", "resident-id", func(c map[string]any) { c["id_number"] = "440604199302300019" }, "/id_number", CodeFormat, "impossible date of birth", "不是有效的出生日期"},
		{"id lower-case x", "household-registration", func(c map[string]any) { c["id_number"] = "44060419880305013x" }, "/id_number", CodeFormat, "uppercase X", "大写 X"},
		{"id unknown province", "academic-degree", func(c map[string]any) { c["id_number"] = "000105194912310024" }, "/id_number", CodeFormat, "province", "省级"},
		{"id contradicts date of birth", "resident-id", func(c map[string]any) { c["birth_date"] = "1992-08-18" }, "/id_number", CodeMismatch, "does not match date of birth", "与出生日期不符"},
		{"id contradicts sex", "household-registration", func(c map[string]any) { c["sex"] = "female" }, "/id_number", CodeMismatch, "does not match sex", "与性别不符"},
		{"holder id contradicts date of birth", "marriage-certificate", func(c map[string]any) { c["holder_birth_date"] = "1988-03-06" }, "/holder_id_number", CodeMismatch, "does not match holder's date of birth", ""},
		{"spouse id contradicts sex", "marriage-certificate", func(c map[string]any) { c["spouse_sex"] = "male" }, "/spouse_id_number", CodeMismatch, "", ""},
		{"chinese spouse with a passport number", "marriage-certificate", func(c map[string]any) { c["spouse_id_number"] = "E12345678" }, "/spouse_id_number", CodeFormat, "must have 18 characters", ""},

		// Patterns.
		{"district code too short", "household-registration", func(c map[string]any) { c["district_code"] = "44060" }, "/district_code", CodePattern, "is not in the expected form. County-level", "格式不正确。户籍住址"},
		{"certificate number form", "marriage-certificate", func(c map[string]any) { c["certificate_number"] = "440604-2026-000123" }, "/certificate_number", CodePattern, "For example J440604-2026-000123.", ""},
		{"nationality lower case", "marriage-certificate", func(c map[string]any) { c["spouse_nationality"] = "usa" }, "/spouse_nationality", CodePattern, "", ""},

		// Unified social credit codes and capital.
		{"uscc checksum", "business-licence", func(c map[string]any) { c["unified_social_credit_code"] = "91440604MA55K3RT6U" }, "/unified_social_credit_code", CodeChecksum, "", ""},
		{"uscc lower case", "business-licence", func(c map[string]any) { c["unified_social_credit_code"] = "91440604ma55k3rt6t" }, "/unified_social_credit_code", CodeFormat, "other than I, O, S, V and Z", ""},
		{"negative capital", "business-licence", func(c map[string]any) {
			c["registered_capital"] = map[string]any{"amount": -1.0, "currency": "CNY"}
		}, "/registered_capital/amount", CodeRange, "Amount must be at least 0.", "金额不能小于 0。"},
		{"fractional capital", "business-licence", func(c map[string]any) {
			c["registered_capital"] = map[string]any{"amount": 1.5, "currency": "CNY"}
		}, "/registered_capital/amount", CodeType, "must be a whole number", "必须是整数"},
		{"capital as text", "business-licence", func(c map[string]any) { c["registered_capital"] = "100万元人民币" }, "/registered_capital", CodeType, "must be a group of fields", ""},
		{"capital without currency", "business-licence", func(c map[string]any) {
			c["registered_capital"] = map[string]any{"amount": 1.0e6}
		}, "/registered_capital/currency", CodeRequired, "Currency is required.", ""},

		// Food safety reports.
		{"qualified report with an unqualified item", "food-safety-report", func(c map[string]any) {
			c["test_items"].([]any)[1].(map[string]any)["conclusion"] = "unqualified"
		}, "/conclusion", CodeMismatch, `Conclusion must be "Unqualified" to agree with the other fields.`, "检测结论应为“不合格”"},
		{"unqualified report without an unqualified item", "food-safety-report", func(c map[string]any) { c["conclusion"] = "unqualified" }, "/conclusion", CodeMismatch, `must be "Qualified"`, ""},
		{"no test items", "food-safety-report", func(c map[string]any) { c["test_items"] = []any{} }, "/test_items", CodeTooShort, "Test items needs at least one entry.", ""},
		{"too many test items", "food-safety-report", func(c map[string]any) {
			items := c["test_items"].([]any)
			for len(items) <= 20 {
				items = append(items, items[0])
			}
			c["test_items"] = items
		}, "/test_items", CodeTooLong, "at most 20", ""},
		{"item without result", "food-safety-report", func(c map[string]any) {
			delete(c["test_items"].([]any)[1].(map[string]any), "result")
		}, "/test_items/1/result", CodeRequired, "Result (row 2) is required.", "检测结果（第 2 行）为必填项。"},
		{"unknown member in an item", "food-safety-report", func(c map[string]any) {
			c["test_items"].([]any)[0].(map[string]any)["inspector"] = "张三"
		}, "/test_items/0/inspector", CodeUnknownField, "", ""},
		{"stall missing", "food-safety-report", func(c map[string]any) {
			delete(c["sample_source"].(map[string]any), "stall")
		}, "/sample_source/stall", CodeRequired, "Stall is required.", "摊位号为必填项。"},

		// Values the schema library must not see.
		{"too many claims", "resident-id", func(c map[string]any) {
			for i := 0; len(c) <= MaxClaims; i++ {
				c[fmt.Sprintf("extra_%d", i)] = "x"
			}
		}, "", CodeTooMany, "The form has too many fields: at most 64.", "表单字段过多"},
		{"too many members in a nested object", "food-safety-report", func(c map[string]any) {
			src := c["sample_source"].(map[string]any)
			for i := 0; len(src) <= MaxClaims; i++ {
				src[fmt.Sprintf("extra_%d", i)] = "x"
			}
		}, "/sample_source", CodeTooMany, "Sample source has too many fields", ""},
		{"array too long to check", "food-safety-report", func(c map[string]any) {
			items := make([]any, MaxClaimItems+1)
			for i := range items {
				items[i] = map[string]any{}
			}
			c["test_items"] = items
		}, "/test_items", CodeTooLong, "at most 100", ""},
		{"string too long to check", "resident-id", func(c map[string]any) { c["address"] = strings.Repeat("a", MaxClaimBytes+1) }, "/address", CodeTooLong, "Address is too long.", "住址过长。"},
		{"nested too deeply", "resident-id", func(c map[string]any) { c["extra"] = deep }, "/extra" + strings.Repeat("/a", MaxClaimDepth-1), CodeTooDeep, "", ""},
		{"NaN", "business-licence", func(c map[string]any) {
			c["registered_capital"] = map[string]any{"amount": math.NaN(), "currency": "CNY"}
		}, "/registered_capital/amount", CodeRange, "out of range", ""},
		{"infinity", "business-licence", func(c map[string]any) {
			c["registered_capital"] = map[string]any{"amount": math.Inf(1), "currency": "CNY"}
		}, "/registered_capital/amount", CodeRange, "", ""},
		{"huge exponent", "business-licence", func(c map[string]any) {
			c["registered_capital"] = map[string]any{"amount": json.Number("1e-9999999999"), "currency": "CNY"}
		}, "/registered_capital/amount", CodeRange, "", ""},
		{"number beyond float64", "business-licence", func(c map[string]any) {
			c["registered_capital"] = map[string]any{"amount": json.Number("1e999"), "currency": "CNY"}
		}, "/registered_capital/amount", CodeRange, "", ""},
		{"number literal too long", "business-licence", func(c map[string]any) {
			c["registered_capital"] = map[string]any{"amount": json.Number(strings.Repeat("9", MaxNumberLength+1)), "currency": "CNY"}
		}, "/registered_capital/amount", CodeRange, "", ""},
		{"json.Number not a number", "business-licence", func(c map[string]any) {
			c["registered_capital"] = map[string]any{"amount": json.Number("NaN"), "currency": "CNY"}
		}, "/registered_capital/amount", CodeType, "must be a number", ""},
		{"Go type outside JSON", "resident-id", func(c map[string]any) { c["name"] = struct{}{} }, "/name", CodeType, "", ""},
		{"Go string slice", "food-safety-report", func(c map[string]any) { c["test_items"] = []string{"x"} }, "/test_items", CodeType, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ty := mustType(t, r, tt.typ)
			c := readExample(t, tt.typ, false)
			tt.change(c)
			err := ty.Validate(c)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate = %v, want a *ValidationError", err)
			}
			if !errors.Is(err, ErrInvalidClaims) {
				t.Error("errors.Is(err, ErrInvalidClaims) is false")
			}
			if ve.Type != tt.typ {
				t.Errorf("Type = %q, want %q", ve.Type, tt.typ)
			}
			if len(ve.Fields) != 1 {
				t.Fatalf("got %d field errors, want 1: %v", len(ve.Fields), err)
			}
			f := ve.Fields[0]
			if f.Path != tt.path || f.Code != tt.code {
				t.Fatalf("field error %s %s, want %s %s", f.Path, f.Code, tt.path, tt.code)
			}
			if !strings.Contains(f.Message, tt.message) || !strings.Contains(f.MessageZH, tt.messageZH) {
				t.Errorf("messages %q / %q, want them to contain %q / %q", f.Message, f.MessageZH, tt.message, tt.messageZH)
			}
			if f.Message == "" || f.MessageZH == "" {
				t.Error("empty message")
			}
			if want := "schemas: invalid " + tt.typ + " claims: "; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("Error() = %q, want prefix %q", err.Error(), want)
			}
		})
	}
}

// TestValidateCollectsEveryProblem checks several problems come back
// together, sorted by path.
func TestValidateCollectsEveryProblem(t *testing.T) {
	r := mustLoad(t)
	c := readExample(t, "resident-id", false)
	delete(c, "name")
	c["sex"] = "x"
	c["id_number"] = "440604199208170245"
	c["zzz"] = true
	err := mustType(t, r, "resident-id").Validate(c)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate = %v", err)
	}
	var got []string
	for _, f := range ve.Fields {
		got = append(got, f.Path+" "+f.Code)
	}
	want := []string{"/id_number checksum", "/name required", "/sex enum", "/zzz unknown_field"}
	if !slices.Equal(got, want) {
		t.Fatalf("fields %v, want %v", got, want)
	}
	if wantErr := "schemas: invalid resident-id claims: /id_number checksum; /name required; /sex enum; /zzz unknown_field"; err.Error() != wantErr {
		t.Errorf("Error() = %q, want %q", err.Error(), wantErr)
	}
}

// TestValidateNeverRepeatsValues checks no claim value reaches an error
// message or Error(), which ends up in logs.
func TestValidateNeverRepeatsValues(t *testing.T) {
	r := mustLoad(t)
	const secret = "440604199208170245"
	c := readExample(t, "resident-id", false)
	c["id_number"] = secret
	c["address"] = strings.Repeat("秘", 200)
	c["sex"] = "secret-sex"
	err := mustType(t, r, "resident-id").Validate(c)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate = %v", err)
	}
	texts := []string{err.Error()}
	for _, f := range ve.Fields {
		texts = append(texts, f.Message, f.MessageZH)
	}
	for _, s := range texts {
		for _, v := range []string{secret, "秘秘", "secret-sex"} {
			if strings.Contains(s, v) {
				t.Errorf("%q repeats a claim value", s)
			}
		}
	}
}

// TestValidateEchoesLongNamesShort checks an undeclared member name is cut
// in messages and in Error().
func TestValidateEchoesLongNamesShort(t *testing.T) {
	r := mustLoad(t)
	c := readExample(t, "resident-id", false)
	long := strings.Repeat("n", 10000)
	c[long] = "x"
	err := mustType(t, r, "resident-id").Validate(c)
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 1 {
		t.Fatalf("Validate = %v", err)
	}
	if ve.Fields[0].Path != "/"+long {
		t.Error("Path does not name the member")
	}
	if len(ve.Fields[0].Message) > 300 || len(err.Error()) > 300 {
		t.Errorf("message of %d bytes, Error() of %d", len(ve.Fields[0].Message), len(err.Error()))
	}
}

func TestValidateNilClaims(t *testing.T) {
	r := mustLoad(t)
	err := mustType(t, r, "academic-degree").Validate(nil)
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 9 {
		t.Fatalf("Validate(nil) = %v, want 9 missing claims", err)
	}
	for _, f := range ve.Fields {
		if f.Code != CodeRequired {
			t.Errorf("%s %s, want required", f.Path, f.Code)
		}
	}
}

func TestPointer(t *testing.T) {
	tests := []struct {
		loc  []string
		want string
	}{
		{nil, ""},
		{[]string{"id_number"}, "/id_number"},
		{[]string{"test_items", "0", "result"}, "/test_items/0/result"},
		{[]string{"a/b", "c~d"}, "/a~1b/c~0d"},
	}
	for _, tt := range tests {
		if got := pointer(tt.loc); got != tt.want {
			t.Errorf("pointer(%q) = %q, want %q", tt.loc, got, tt.want)
		}
	}
}

func TestIsJSONNumber(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"0", true}, {"-0", true}, {"12", true}, {"1.5", true}, {"1e6", true}, {"1E+6", true}, {"-2.5e-3", true},
		{"", false}, {"-", false}, {"01", false}, {"1.", false}, {".5", false}, {"1e", false}, {"+1", false},
		{"NaN", false}, {"Inf", false}, {"0x10", false}, {"1_000", false}, {" 1", false},
	}
	for _, tt := range tests {
		if got := isJSONNumber(tt.in); got != tt.ok {
			t.Errorf("isJSONNumber(%q) = %t, want %t", tt.in, got, tt.ok)
		}
	}
}

// TestExampleFilesStrict checks the examples are strict JSON like the
// embedded documents.
func TestExampleFilesStrict(t *testing.T) {
	for _, id := range typeIDs {
		data, err := os.ReadFile(filepath.Join("testdata", "examples", id+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := checkJSON(data); err != nil {
			t.Errorf("%s: %v", id, err)
		}
	}
	if err := checkJSON([]byte(`{"a":1,"a":2}`)); err == nil {
		t.Error("checkJSON accepted a duplicate member")
	}
	if err := checkJSON([]byte(`{"a":{"b":1,"b":1}}`)); err == nil {
		t.Error("checkJSON accepted a nested duplicate member")
	}
	if err := checkJSON([]byte(`[{"a":1},{"a":1}]`)); err != nil {
		t.Errorf("checkJSON refused equal members in sibling objects: %v", err)
	}
}

func TestValidateDisclosed(t *testing.T) {
	r := mustLoad(t)
	tests := []struct {
		name, typ string
		change    func(c map[string]any)
		want      []string // path and code of each field error
	}{
		{"everything disclosed", "resident-id", func(c map[string]any) {}, nil},
		{"only name and district", "household-registration", func(c map[string]any) {
			for k := range c {
				if k != "name" && k != "district_code" && k != "registration_authority" {
					delete(c, k)
				}
			}
		}, nil},
		{"a never claim withheld", "resident-id", func(c map[string]any) {
			delete(c, "issuing_authority")
			delete(c, "name")
		}, []string{"/issuing_authority required"}},
		{"disclosed claims still checked", "resident-id", func(c map[string]any) {
			delete(c, "name")
			c["birth_date"] = "1992-08-18"
		}, []string{"/id_number mismatch"}},
		{"id rule skipped when a claim is withheld", "resident-id", func(c map[string]any) {
			delete(c, "birth_date")
			delete(c, "sex")
		}, nil},
		{"public record complete", "food-safety-report", func(c map[string]any) { delete(c, "testing_station") }, []string{"/testing_station required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := readExample(t, tt.typ, false)
			tt.change(c)
			err := mustType(t, r, tt.typ).ValidateDisclosed(c)
			var got []string
			var ve *ValidationError
			if errors.As(err, &ve) {
				for _, f := range ve.Fields {
					got = append(got, f.Path+" "+f.Code)
				}
			} else if err != nil {
				t.Fatalf("ValidateDisclosed = %v", err)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("field errors %v, want %v", got, tt.want)
			}
		})
	}
}

// TestValidateConcurrent validates from several goroutines at once, for
// the race detector: a Registry is shared by every request.
func TestValidateConcurrent(t *testing.T) {
	r := mustLoad(t)
	done := make(chan error)
	for _, id := range typeIDs {
		c := readExample(t, id, false)
		ty := mustType(t, r, id)
		go func() {
			var err error
			for i := 0; i < 20 && err == nil; i++ {
				err = ty.Validate(c)
			}
			done <- err
		}()
	}
	for range typeIDs {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// TestValidateCapsFieldErrors checks a ValidationError lists at most
// MaxFieldErrors problems and counts the rest.
func TestValidateCapsFieldErrors(t *testing.T) {
	r := mustLoad(t)
	c := readExample(t, "food-safety-report", false)
	items := make([]any, 20)
	for i := range items {
		items[i] = map[string]any{"a": 1.0, "b": 1.0, "c": 1.0}
	}
	c["test_items"] = items // 20 items, each 5 missing and 3 unknown members
	err := mustType(t, r, "food-safety-report").Validate(c)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate = %v", err)
	}
	if len(ve.Fields) != MaxFieldErrors || ve.Omitted != 20*8-MaxFieldErrors {
		t.Fatalf("%d fields, %d omitted; want %d and %d", len(ve.Fields), ve.Omitted, MaxFieldErrors, 20*8-MaxFieldErrors)
	}
	if !strings.HasSuffix(err.Error(), fmt.Sprintf("; %d more", ve.Omitted)) {
		t.Errorf("Error() does not count the omitted problems: %q", err.Error())
	}
}
