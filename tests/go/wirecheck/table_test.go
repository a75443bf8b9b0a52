// The runtime's serializer against the table of generator/ir/wire.py (OpenAPI's Style Examples),
// cell by cell, and its edges: reserved and non-ASCII characters, nulls, member order.
// tests/test_go_target.py copies this file into the generated wirecheck module.
package wirecheck

import (
	"encoding/json"
	"strings"
	"testing"
)

type rgb struct {
	R int64 `json:"R"`
	G int64 `json:"G"`
	B int64 `json:"B"`
}

var (
	primitive = "blue"
	array     = []string{"blue", "black", "brown"}
	object    = rgb{R: 100, G: 200, B: 150}
)

func spelled(t *testing.T, w wire, v any) string {
	t.Helper()
	jv, err := jsonValue(v)
	if err != nil {
		t.Fatal(err)
	}
	switch w.In {
	case "path":
		return spellPath(w, jv)
	case "header":
		text, _ := spellHeader(w, jv)
		return text
	case "cookie":
		return strings.Join(spellPairs(w, jv), "; ")
	}
	return strings.Join(spellPairs(w, jv), "&")
}

func TestTheStyleExamplesTable(t *testing.T) {
	rows := []struct {
		in, style string
		explode   bool
		want      [3]string // primitive, array, object
	}{
		{"path", "matrix", false, [3]string{";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"}},
		{"path", "matrix", true, [3]string{";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"}},
		{"path", "label", false, [3]string{".blue", ".blue,black,brown", ".R,100,G,200,B,150"}},
		{"path", "label", true, [3]string{".blue", ".blue.black.brown", ".R=100.G=200.B=150"}},
		{"path", "simple", false, [3]string{"blue", "blue,black,brown", "R,100,G,200,B,150"}},
		{"path", "simple", true, [3]string{"blue", "blue,black,brown", "R=100,G=200,B=150"}},
		{"header", "simple", false, [3]string{"blue", "blue,black,brown", "R,100,G,200,B,150"}},
		{"header", "simple", true, [3]string{"blue", "blue,black,brown", "R=100,G=200,B=150"}},
		{"query", "form", false, [3]string{"color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"}},
		{"query", "form", true, [3]string{"color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"}},
		{"query", "spaceDelimited", false, [3]string{"color=blue", "color=blue%20black%20brown", "color=R%20100%20G%20200%20B%20150"}},
		{"query", "spaceDelimited", true, [3]string{"color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"}},
		{"query", "pipeDelimited", false, [3]string{"color=blue", "color=blue%7Cblack%7Cbrown", "color=R%7C100%7CG%7C200%7CB%7C150"}},
		{"query", "deepObject", true, [3]string{"color=blue", "color[0]=blue&color[1]=black&color[2]=brown", "color[R]=100&color[G]=200&color[B]=150"}},
		{"cookie", "form", false, [3]string{"color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"}},
		{"cookie", "form", true, [3]string{"color=blue", "color=blue; color=black; color=brown", "R=100; G=200; B=150"}},
	}
	for _, row := range rows {
		w := wire{In: row.in, Name: "color", Style: row.style, Explode: row.explode}
		for i, v := range []any{primitive, array, object} {
			if got := spelled(t, w, v); got != row.want[i] {
				t.Errorf("%s %s explode=%v value %d: got %q, want %q", row.in, row.style, row.explode, i, got, row.want[i])
			}
		}
	}
}

func TestPercentEncoding(t *testing.T) {
	cases := []struct {
		w    wire
		v    any
		want string
	}{
		// a comma inside a value is encoded; the commas that delimit are not
		{wire{In: "query", Name: "q", Style: "form"}, []string{"a,b", "c"}, "q=a%2Cb,c"},
		{wire{In: "query", Name: "q", Style: "form", Explode: true}, "a b,c/d&e=f#g+hé", "q=a%20b%2Cc%2Fd%26e%3Df%23g%2Bh%C3%A9"},
		{wire{In: "query", Name: "q", Style: "form", Explode: true, AllowReserved: true}, "/files/a:b@c!$'()*,;#x", "q=/files/a:b@c!$'()*,;%23x"},
		{wire{In: "path", Name: "id", Style: "simple"}, "a/b c", "a%2Fb%20c"},
		{wire{In: "path", Name: "id", Style: "label", Explode: true}, []string{"a.b", "c"}, ".a.b.c"},
		{wire{In: "header", Name: "X", Style: "simple"}, "a b,c", "a b,c"},
		{wire{In: "cookie", Name: "s", Style: "form", Explode: true}, "a b;c", "s=a%20b%3Bc"},
		// booleans and numbers as JSON spells them, nulls left out
		{wire{In: "query", Name: "v", Style: "form", Explode: true}, []any{true, nil, 1.5, int64(7)}, "v=true&v=1.5&v=7"},
		{wire{In: "query", Name: "m", Style: "deepObject", Explode: true}, map[string]any{"a": nil, "b": []any{map[string]int{"c": 1}}}, "m[b][0][c]=1"},
		// content: JSON text, percent-encoded (a struct keeps its member order)
		{wire{In: "query", Name: "f", Style: "form", Explode: true, ContentType: "application/json"}, object, "f=%7B%22R%22%3A100%2C%22G%22%3A200%2C%22B%22%3A150%7D"},
		{wire{In: "header", Name: "F", Style: "simple", ContentType: "application/json"}, object, `{"R":100,"G":200,"B":150}`},
	}
	for _, c := range cases {
		if got := spelled(t, c.w, c.v); got != c.want {
			t.Errorf("%+v %v: got %q, want %q", c.w, c.v, got, c.want)
		}
	}
	if got := spelled(t, wire{In: "query", Name: "e", Style: "form", Explode: true}, []string{}); got != "" {
		t.Errorf("an empty array is not sent: got %q", got)
	}
}

func TestFieldUnmarshalJSON(t *testing.T) {
	var params struct {
		A Field[string]
		B Field[[]int64]
		C Field[string]
	}
	if err := json.Unmarshal([]byte(`{"A": "x", "B": null}`), &params); err != nil {
		t.Fatal(err)
	}
	if !params.A.Present() || params.A.Value() != "x" || !params.B.IsNull() || params.C.Present() {
		t.Fatalf("got %+v", params)
	}
}
