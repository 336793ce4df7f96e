package mdtemplate

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/regdoc/regdoc/internal/model"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// plainText renders Markdown with goldmark (CommonMark + GFM) and returns the
// text a reader would see, tags removed and entities decoded.
func plainText(t *testing.T, md []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert(md, &buf); err != nil {
		t.Fatal(err)
	}
	s := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(buf.String(), " ")
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}

var hostile = []string{
	"Caprylate | *fast* [x](y) <b> \\ #1",
	"**bold** __u__ ~~s~~ `code` <script>alert(1)</script>",
	"&amp; &#60; &lt; ![img](x.png) <http://a.b>",
	"- not a list",
	"1. not a list",
	"# not a heading",
	"> not a quote",
	"line one\nline two\n\n=====",
	"    four spaces",
	"trailing backslash \\",
	"[ref]: http://x",
	"Table: not a caption",
	"|",
	"---",
}

func TestHostileValuesPrintLiterally(t *testing.T) {
	tpl := "# H {{.}}\n\n{{.}}\n\nText before {{.}} after.\n\n- item {{.}}\n\n| A | B |\n|---|---|\n| {{.}} | x |\n"
	tm, err := Parse("t.md", tpl, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range hostile {
		md, err := tm.Render(v)
		if err != nil {
			t.Fatalf("%q: %v", v, err)
		}
		want := strings.Join(strings.Fields(v), " ")
		got := plainText(t, md)
		if c := strings.Count(got, want); c != 5 {
			t.Errorf("value %q appears %d times literally, want 5 (heading, paragraph, inline, list, cell)\nmarkdown:\n%s\ntext: %s", v, c, md, got)
		}
		// The table must still have exactly one body row with two cells.
		if !strings.Contains(got, "A B") {
			t.Errorf("table header lost for %q: %s", v, got)
		}
	}
}

func TestTrustedMarkdownPassesThrough(t *testing.T) {
	tm, err := Parse("t.md", "{{.}}", nil)
	if err != nil {
		t.Fatal(err)
	}
	md, err := tm.Render(Markdown("**bold**"))
	if err != nil || string(md) != "**bold**" {
		t.Errorf("got %q, %v", md, err)
	}
	md, _ = tm.Render("**bold**")
	if string(md) != `\*\*bold\*\*` {
		t.Errorf("plain string not escaped: %q", md)
	}
}

func TestCodeSpanAndFenceRefused(t *testing.T) {
	for _, src := range []string{"text `{{.}}` text", "```\n{{.}}\n```\n", "ok\n\n~~~json\nx {{.}}\n~~~"} {
		_, err := Parse("bad.md", src, nil)
		if err == nil {
			t.Errorf("%q: parsed without error", src)
			continue
		}
		if !strings.Contains(err.Error(), "bad.md:") || !strings.Contains(err.Error(), "cannot be escaped") {
			t.Errorf("%q: error %q lacks position or reason", src, err)
		}
	}
	// After the fence closes, values are allowed again.
	if _, err := Parse("ok.md", "```\ncode\n```\n{{.}}\n", nil); err != nil {
		t.Errorf("value after a closed fence refused: %v", err)
	}
}

func TestMissingFieldNamesTemplateLine(t *testing.T) {
	tm, err := Parse("templates/x.md", "line one\n{{.Process.Nope}}\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tm.Render(&model.Project{Process: &model.Process{}})
	if err == nil || !strings.Contains(err.Error(), "templates/x.md:2") || !strings.Contains(err.Error(), "Nope") {
		t.Errorf("error = %v", err)
	}
	_, err = Parse("y.md", "{{range .Steps}}{{.Name}}{{end}}\n{{.X}", nil)
	if err == nil || !strings.Contains(err.Error(), "y.md:2") {
		t.Errorf("parse error lacks position: %v", err)
	}
}

func TestFunctions(t *testing.T) {
	n := func(s string) *model.Number { v := model.Num(s); return &v }
	check := func(name, got, want string, err error) {
		t.Helper()
		if err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", name, got, err, want)
		}
	}
	s, err := Num(model.Num("7.0"))
	check("num 7.0", s, "7.0", err)
	s, err = Fixed(1, 74.95)
	check("fixed 1 74.95", s, "75.0", err)
	s, err = Sig(3, 0.012345)
	check("sig 3", s, "0.0123", err)
	s, err = Sig(2, 1234.0)
	check("sig 2 1234", s, "1200", err)
	s, err = Pct(1, 44.6168)
	check("pct", s, "44.6\u00a0%", err)
	s, err = Span(model.Range{Low: n("4.0"), High: n("4.5")}, "1")
	check("span", s, "4.0–4.5", err)
	s, err = Span(model.Range{Low: n("-6"), High: n("-4")}, "°C")
	check("span negative", s, "−6\u00a0to\u00a0−4\u00a0°C", err)
	s, err = Span(&model.Range{Low: n("18")}, "mM")
	check("span low", s, "≥\u00a018\u00a0mM", err)
	s, err = Limit(model.Criterion{Type: "nmt", Value: n("20"), Unit: "µg/mL"})
	check("limit nmt", s, "≤\u00a020\u00a0µg/mL", err)
	s, err = Limit(model.Criterion{Type: "titre_max", Value: n("64")})
	check("limit titre", s, "≤\u00a01:64", err)
	s, err = LongDate("2026-11-24")
	check("date", s, "24 November 2026", err)
	s, err = MeanSD(2, 7.4966, 0.0802)
	check("meansd", s, "7.50\u00a0±\u00a00.08", err)
	check("result <", ResultText(&model.Result{Qualifier: "<", Value: n("0.16")}), "<\u00a00.16", nil)
	check("result titre", ResultText(&model.Result{Titre: 16}), "1:16", nil)
	check("unit 1", Unit("1"), "", nil)
	s, err = Between(&model.Range{Low: n("23"), High: n("27")}, "% v/v")
	check("between", s, "from 23 to 27\u00a0%\u00a0v/v", err)
	s, err = Between(model.Range{High: n("1.5")}, "mS/cm")
	check("between high", s, "at most 1.5\u00a0mS/cm", err)
	s, err = Num(model.Num("-5"))
	check("num negative", s, "−5", err)
	for in, want := range map[string]string{"Thaw temperature": "thaw temperature", "IgG purity": "IgG purity", "pH": "pH", "FXIa activity": "FXIa activity", "Anion-exchange": "anion-exchange", "Low-pH incubation": "low-pH incubation", "": ""} {
		check("lcfirst "+in, LowerFirst(in), want, nil)
	}
	if _, err := LongDate("24/11/2026"); err == nil {
		t.Error("bad date accepted")
	}
}

func TestTableBuilder(t *testing.T) {
	lots := []*model.Lot{
		{Lot: "RGX-1", Purpose: "PPQ", Yield: model.Quantity{Value: model.Num("7.42"), Unit: "g/L"}},
		{Lot: "X | *y*", Purpose: "clinical"},
	}
	md, err := Table(lots, "Lot=Lot", "Purpose=Purpose", "Yield=Yield.Value>")
	if err != nil {
		t.Fatal(err)
	}
	want := "\n| Lot | Purpose | Yield |\n|:--|:--|--:|\n| RGX-1 | PPQ | 7.42 |\n| X \\| \\*y\\* | clinical | – |\n"
	if string(md) != want {
		t.Errorf("table =\n%q\nwant\n%q", md, want)
	}
	if got := plainText(t, []byte(md)); got != "Lot Purpose Yield RGX-1 PPQ 7.42 X | *y* clinical –" {
		t.Errorf("table text = %q", got)
	}
	if _, err := Table(lots, "Lot=Nope"); err == nil || !strings.Contains(err.Error(), `no field or method "Nope"`) {
		t.Errorf("unknown field: %v", err)
	}
	if _, err := Table(lots, "Lot"); err == nil {
		t.Error("column without a field accepted")
	}
}
