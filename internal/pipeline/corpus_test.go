package pipeline

// The hostile-input corpus: testdata/hostile holds one case per file. Each
// case changes a copy of examples/ivig-liquid — replaces or edits a file,
// removes one, makes one unreadable — builds it the way 'regdoc build'
// does, and checks the outcome a user sees: the exit code, each
// diagnostic's code, file and position, the error text, and that a failed
// build wrote nothing at all. Cases that must build check the text a
// reader extracts from the PDFs.
//
// A case file is a header of directives, then sections:
//
//	# comment lines say what the case is about
//	exit 1                                  documented exit code (0, 1 or 2)
//	diag CODE FILE [LINE:COL] [/pointer] ["message part"]
//	vdiag ...                               the same, from Validate (regdoc validate)
//	error REGEXP                            the build's error (not a diagnostic) matches
//	never REGEXP                            no error or diagnostic of build or validate matches
//	only ID[,ID]                            build only these documents
//	remove PATH | mkdir PATH | mkfifo PATH | chmod PATH MODE
//	needs-non-root                          skip when running as root (chmod cannot bite)
//	text "literal"                          (exit 0) the PDFs' text holds it, white space normalised
//	hostile "string"                        (exit 0) every string field of every data file the schema
//	                                        and checks accept is set to it; the PDFs must print it literally
//	bug TEXT                                an open bug: failures skip the case with "BUG: TEXT"
//	-- PATH --                              the file's new content, up to the next section
//	-- PATH (escapes) --                    the same, with \xNN decoded
//	-- edit PATH --                         OLD, a line "==>", NEW: replace the first OLD
//
// FILE in diag is the path inside the project; LINE:COL is 1-based and
// counts characters.

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/regdoc/regdoc/internal/dataset"
	"github.com/regdoc/regdoc/internal/diag"
	"github.com/regdoc/regdoc/internal/pdftest"
	"github.com/regdoc/regdoc/schemas"
)

// hostileDiag is one expected diagnostic.
type hostileDiag struct {
	code, file string
	line, col  int // 0: not checked
	pointer    string
	message    string
}

func (w hostileDiag) String() string {
	s := w.code + " " + w.file
	if w.line > 0 {
		s += fmt.Sprintf(":%d:%d", w.line, w.col)
	}
	if w.pointer != "" {
		s += " " + w.pointer
	}
	if w.message != "" {
		s += fmt.Sprintf(" %q", w.message)
	}
	return s
}

func (w hostileDiag) matches(d diag.Diagnostic) bool {
	if d.Code != w.code || !strings.HasSuffix(filepath.ToSlash(d.File), "/"+w.file) && filepath.ToSlash(d.File) != w.file {
		return false
	}
	if w.line > 0 && (d.Line != w.line || d.Col != w.col) {
		return false
	}
	if w.pointer != "" && d.Pointer != w.pointer {
		return false
	}
	return w.message == "" || strings.Contains(d.Message, w.message)
}

// hostileEdit replaces the first old with new in a file.
type hostileEdit struct{ path, old, new string }

// hostileCase is one parsed case file.
type hostileCase struct {
	name         string
	exit         int
	diags        []hostileDiag
	vdiags       []hostileDiag
	errs         []*regexp.Regexp
	nevers       []*regexp.Regexp
	only         []string
	removes      []string
	mkdirs       []string
	fifos        []string
	chmods       map[string]os.FileMode
	needsNonRoot bool
	texts        []string
	hostile      string
	bug          string
	files        map[string][]byte
	edits        []hostileEdit
}

// hostileFields splits a directive line into words, keeping "quoted
// strings" (Go syntax) whole.
func hostileFields(line string) ([]string, error) {
	var out []string
	for line = strings.TrimSpace(line); line != ""; line = strings.TrimSpace(line) {
		if line[0] == '"' {
			q, err := strconv.QuotedPrefix(line)
			if err != nil {
				return nil, fmt.Errorf("bad quoted string in %q: %v", line, err)
			}
			s, _ := strconv.Unquote(q)
			out = append(out, s)
			line = line[len(q):]
			continue
		}
		i := strings.IndexAny(line, " \t")
		if i < 0 {
			i = len(line)
		}
		out = append(out, line[:i])
		line = line[i:]
	}
	return out, nil
}

var (
	hostileSectionLine = regexp.MustCompile(`^-- (.+?) --$`)
	hostilePosField    = regexp.MustCompile(`^(\d+):(\d+)$`)
	hostileHexEscape   = regexp.MustCompile(`\\x([0-9a-fA-F]{2})`)
)

func parseHostileDiag(f []string) (hostileDiag, error) {
	if len(f) < 2 {
		return hostileDiag{}, errors.New("diag needs CODE FILE")
	}
	w := hostileDiag{code: f[0], file: f[1]}
	for _, x := range f[2:] {
		switch m := hostilePosField.FindStringSubmatch(x); {
		case m != nil && w.line == 0:
			w.line, _ = strconv.Atoi(m[1])
			w.col, _ = strconv.Atoi(m[2])
		case strings.HasPrefix(x, "/") && w.pointer == "":
			w.pointer = x
		default:
			w.message = x
		}
	}
	return w, nil
}

func parseHostileCase(name string, src []byte) (*hostileCase, error) {
	c := &hostileCase{name: name, exit: -1, chmods: map[string]os.FileMode{}, files: map[string][]byte{}}
	lines := strings.SplitAfter(string(src), "\n")
	i := 0
	for ; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], "\r\n")
		if hostileSectionLine.MatchString(line) {
			break
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		verb, rest, _ := strings.Cut(line, " ")
		if verb == "error" || verb == "never" {
			re, err := regexp.Compile(rest)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", i+1, err)
			}
			if verb == "error" {
				c.errs = append(c.errs, re)
			} else {
				c.nevers = append(c.nevers, re)
			}
			continue
		}
		if verb == "bug" {
			c.bug = rest
			continue
		}
		f, err := hostileFields(rest)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", i+1, err)
		}
		bad := func() error { return fmt.Errorf("line %d: cannot read %q", i+1, line) }
		switch verb {
		case "exit":
			if len(f) != 1 {
				return nil, bad()
			}
			if c.exit, err = strconv.Atoi(f[0]); err != nil {
				return nil, bad()
			}
		case "diag", "vdiag":
			w, err := parseHostileDiag(f)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", i+1, err)
			}
			if verb == "diag" {
				c.diags = append(c.diags, w)
			} else {
				c.vdiags = append(c.vdiags, w)
			}
		case "only":
			c.only = strings.Split(rest, ",")
		case "remove":
			c.removes = append(c.removes, f...)
		case "mkdir":
			c.mkdirs = append(c.mkdirs, f...)
		case "mkfifo":
			c.fifos = append(c.fifos, f...)
		case "chmod":
			if len(f) != 2 {
				return nil, bad()
			}
			m, err := strconv.ParseUint(f[1], 8, 32)
			if err != nil {
				return nil, bad()
			}
			c.chmods[f[0]] = os.FileMode(m)
		case "needs-non-root":
			c.needsNonRoot = true
		case "text":
			c.texts = append(c.texts, f...)
		case "hostile":
			if len(f) != 1 {
				return nil, bad()
			}
			c.hostile = f[0]
		default:
			return nil, fmt.Errorf("line %d: unknown directive %q", i+1, verb)
		}
	}
	if c.exit < 0 {
		return nil, errors.New("no exit directive")
	}
	// Sections.
	for i < len(lines) {
		m := hostileSectionLine.FindStringSubmatch(strings.TrimRight(lines[i], "\r\n"))
		i++
		var body strings.Builder
		for ; i < len(lines) && !hostileSectionLine.MatchString(strings.TrimRight(lines[i], "\r\n")); i++ {
			body.WriteString(lines[i])
		}
		head := m[1]
		switch {
		case strings.HasPrefix(head, "edit "):
			old, new, ok := strings.Cut(body.String(), "\n==>\n")
			if !ok {
				return nil, fmt.Errorf("section %q: no \"==>\" line", head)
			}
			c.edits = append(c.edits, hostileEdit{strings.TrimPrefix(head, "edit "), old, strings.TrimSuffix(new, "\n")})
		case strings.HasSuffix(head, " (escapes)"):
			b := hostileHexEscape.ReplaceAllFunc([]byte(body.String()), func(x []byte) []byte {
				v, _ := hex.DecodeString(string(x[2:]))
				return v
			})
			c.files[strings.TrimSuffix(head, " (escapes)")] = b
		default:
			c.files[head] = []byte(body.String())
		}
	}
	return c, nil
}

// loadHostileCorpus reads every case of testdata/hostile.
func loadHostileCorpus(t *testing.T) []*hostileCase {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "hostile", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 20 {
		t.Fatalf("only %d cases in testdata/hostile", len(paths))
	}
	var cases []*hostileCase
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c, err := parseHostileCase(strings.TrimSuffix(filepath.Base(p), ".txt"), src)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		cases = append(cases, c)
	}
	return cases
}

// prepare applies the case to a fresh copy of the example and returns the
// temporary root and the project folder.
func (c *hostileCase) prepare(t *testing.T) (root, dir string) {
	t.Helper()
	root, dir = relCopyExample(t)
	for _, e := range c.edits {
		relEdit(t, filepath.Join(dir, filepath.FromSlash(e.path)), e.old, e.new)
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range c.files {
			if !yield(k) {
				return
			}
		}
	})
	for _, name := range names {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, c.files[name], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range c.removes {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range c.mkdirs {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.Remove(p)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range c.fifos {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.Remove(p)
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("cannot make a FIFO: %v", err)
		}
	}
	for name, mode := range c.chmods {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(p, 0o644) })
	}
	if c.hostile != "" {
		hostileSetTextFields(t, dir, c.hostile)
	}
	return root, dir
}

// raceSample says whether corpus case i runs: every case in the ordinary
// go test; under the race detector, where each build is several times
// slower, one case in raceEvery, which drives the same concurrent build
// and validation code as the rest.
func raceSample(t *testing.T, i int) {
	t.Helper()
	const raceEvery = 8
	if raceEnabled && i%raceEvery != 0 {
		t.Skipf("under the race detector one case in %d runs; go test without -race runs them all", raceEvery)
	}
}

// TestHostileCorpus runs every case of testdata/hostile.
func TestHostileCorpus(t *testing.T) {
	for i, c := range loadHostileCorpus(t) {
		t.Run(c.name, func(t *testing.T) {
			raceSample(t, i)
			if c.needsNonRoot && os.Geteuid() == 0 {
				t.Skip("running as root: file permissions cannot make a file unreadable")
			}
			root, dir := c.prepare(t)
			before := relSnapshot(t, root)
			r := hostileWithin(t, 60*time.Second, func() relResult { return relBuild(t, dir, Options{Only: c.only}) })
			if c.exit != relExitOK {
				// Never negotiable, known bug or not.
				relAssertNothingWritten(t, before, relSnapshot(t, root))
			}
			problems := c.check(t, dir, r)
			if len(problems) == 0 {
				if c.bug != "" {
					t.Logf("the case passes: the bug %q seems fixed; remove its bug line", c.bug)
				}
				return
			}
			if c.bug != "" {
				t.Skip("BUG: " + c.bug + "\n" + strings.Join(problems, "\n"))
			}
			t.Error(strings.Join(problems, "\n"))
		})
	}
}

// hostileWithin runs f and fails the test when it has not returned within
// d: an attack that hangs regdoc (a FIFO read) fails instead of stalling
// the test run.
func hostileWithin[T any](t *testing.T, d time.Duration, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(d):
		t.Fatalf("still running after %v: the attack hung regdoc", d)
	}
	panic("unreachable")
}

// TestValidateKnowsWhatBuildKnows runs 'regdoc validate' and 'regdoc
// build' on every case of the corpus: validate must pass exactly when
// building every document succeeds, so a green validate in CI means the
// build will work, and a red one that it would not.
func TestValidateKnowsWhatBuildKnows(t *testing.T) {
	for i, c := range loadHostileCorpus(t) {
		t.Run(c.name, func(t *testing.T) {
			raceSample(t, i)
			if c.needsNonRoot && os.Geteuid() == 0 {
				t.Skip("running as root: file permissions cannot make a file unreadable")
			}
			if slices.Contains(c.removes, "regdoc.json") {
				// No manifest, no project: validate checks the folder's
				// data files on their own, which build cannot do.
				t.Skip("not a project")
			}
			_, dir := c.prepare(t)
			type outcome struct {
				ds  []diag.Diagnostic
				err error
			}
			v := hostileWithin(t, 60*time.Second, func() outcome {
				_, ds, err := Validate([]string{dir}, relSchemaSet(t), ValidateOptions{})
				return outcome{ds, err}
			})
			validOK := v.err == nil && !diag.HasErrors(v.ds, false)
			r := hostileWithin(t, 60*time.Second, func() relResult { return relBuild(t, dir, Options{Only: c.only}) })
			if validOK && r.Code != relExitOK {
				t.Errorf("validate passed, but the build failed (exit %d): %v\n%s", r.Code, r.Err, relDiagText(r.Diags))
			}
			if !validOK && r.Code == relExitOK && len(c.only) > 0 {
				// The case builds some documents only; validate checks
				// them all, so it is the build of all that must fail.
				r = hostileWithin(t, 60*time.Second, func() relResult { return relBuild(t, dir, Options{}) })
			}
			if !validOK && r.Code == relExitOK {
				t.Errorf("validate failed, but building every document succeeded: %v\n%s", v.err, relDiagText(v.ds))
			}
		})
	}
}

// check returns every way the outcome differs from the case's
// expectations.
func (c *hostileCase) check(t *testing.T, dir string, r relResult) []string {
	var problems []string
	report := relDiagText(r.Diags)
	if r.Err != nil {
		report += "error: " + r.Err.Error() + "\n"
	}
	if r.Code != c.exit {
		problems = append(problems, fmt.Sprintf("exit %d, want %d", r.Code, c.exit))
	}
	for _, w := range c.diags {
		if !slices.ContainsFunc(r.Diags, w.matches) {
			problems = append(problems, "no diagnostic "+w.String())
		}
	}
	for _, re := range c.errs {
		if r.Err == nil || !re.MatchString(r.Err.Error()) {
			problems = append(problems, fmt.Sprintf("the build's error does not match %q", re))
		}
	}
	for _, re := range c.nevers {
		if re.MatchString(report) {
			problems = append(problems, fmt.Sprintf("the build's report matches %q", re))
		}
	}
	if len(c.vdiags) > 0 || len(c.nevers) > 0 {
		_, vds, err := Validate([]string{dir}, relSchemaSet(t), ValidateOptions{})
		if err != nil {
			problems = append(problems, fmt.Sprintf("validate: %v", err))
		}
		for _, re := range c.nevers {
			if re.MatchString(relDiagText(vds)) {
				problems = append(problems, fmt.Sprintf("validate's report matches %q:\n%s", re, relDiagText(vds)))
			}
		}
		for _, w := range c.vdiags {
			if !slices.ContainsFunc(vds, w.matches) {
				problems = append(problems, fmt.Sprintf("validate: no diagnostic %s; it reported:\n%s", w, relDiagText(vds)))
			}
		}
	}
	if r.Code == relExitOK && (len(c.texts) > 0 || c.hostile != "") {
		problems = append(problems, c.checkText(t, dir, r)...)
	}
	if len(problems) > 0 {
		problems = append(problems, "the build reported:\n"+report)
	}
	return problems
}

// hostilePDFText returns the text of every PDF written, white space
// normalised.
func hostilePDFText(t *testing.T, outs []Output) string {
	var all []string
	for _, o := range outs {
		b, err := os.ReadFile(o.Path)
		if err != nil {
			t.Fatal(err)
		}
		s, err := pdftest.Text(b)
		if err != nil {
			t.Fatalf("%s: %v", o.Path, err)
		}
		all = append(all, s)
	}
	return strings.Join(strings.Fields(strings.Join(all, " ")), " ")
}

func (c *hostileCase) checkText(t *testing.T, dir string, r relResult) []string {
	var problems []string
	text := hostilePDFText(t, r.Outputs)
	for _, want := range c.texts {
		if !strings.Contains(text, strings.Join(strings.Fields(want), " ")) {
			problems = append(problems, fmt.Sprintf("the PDFs' text lacks %q", want))
		}
	}
	if c.hostile == "" {
		return problems
	}
	// How often the value is printed: count it in the composed Markdown
	// with the escapes taken out, less how often the same templates have
	// it without the change (a table's delimiter row holds "---"). Case
	// is folded because templates may lower a leading capital (lcfirst).
	h := strings.ToLower(strings.Join(strings.Fields(c.hostile), " "))
	printed := hostileComposedCount(t, dir, h) - hostileComposedCount(t, relExample, h)
	if printed < 5 {
		problems = append(problems, fmt.Sprintf("the value is printed only %d times; the case tests too little", printed))
	}
	lower := strings.ToLower(text)
	if !strings.Contains(lower, h) {
		problems = append(problems, fmt.Sprintf("the PDFs never print %q whole", c.hostile))
	}
	// Each word of the value must be in the PDFs at least as often as the
	// value is printed (table cells wrap, so whole-value matches cannot be
	// counted; words stay whole).
	flat := strings.ReplaceAll(lower, " ", "")
	words := map[string]int{}
	for _, w := range strings.Fields(h) {
		words[w]++
	}
	for w, n := range words {
		if got := strings.Count(flat, w); got < n*printed {
			problems = append(problems, fmt.Sprintf("%q is printed %d times but found %d times in the PDFs' text (want at least %d): some were lost or changed",
				c.hostile, printed, got, n*printed))
		}
	}
	return problems
}

// hostileComposedCount counts the lower-case, white-space-normalised string h in
// the composed Markdown of every document of the project in dir, backslash
// escapes removed. Fenced blocks (figure specs) are left out: a figure
// draws what it chooses of its spec.
func hostileComposedCount(t *testing.T, dir, h string) int {
	t.Helper()
	l, ds, err := Load(dir, relSchemaSet(t), dataset.Options{})
	if err != nil || diag.HasErrors(ds, false) {
		t.Fatalf("%s: %v\n%s", dir, err, relDiagText(ds))
	}
	n := 0
	for _, d := range l.Project.Manifest.Documents {
		md, err := l.Compose(d)
		if err != nil {
			t.Fatal(err)
		}
		md = hostileFenced.ReplaceAll(md, nil)
		plain := strings.ToLower(strings.Join(strings.Fields(hostileUnescape(string(md))), " "))
		n += strings.Count(plain, h)
	}
	return n
}

var hostileFenced = regexp.MustCompile("(?ms)^ {0,3}```.*?^ {0,3}```[ \t]*$")

// hostileUnescape removes the backslash of every backslash escape of
// ASCII punctuation, which is what a CommonMark reader does.
func hostileUnescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// hostileSetTextFields sets every free-text field of every data file in
// dir/data — every string whose schema is common.schema.json#/$defs/text,
// "Plain text; Markdown characters in it are printed literally" — to
// value. Should a reviewer check refuse one (a text that must match
// another), its original is put back.
func hostileSetTextFields(t *testing.T, dir, value string) {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "data", "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no data files in %s: %v", dir, err)
	}
	type field struct {
		file, pointer string
		original      string
	}
	docs := map[string]any{}
	var fields []field
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		docs[p] = v
		obj, _ := v.(map[string]any)
		ref, _ := obj["$schema"].(string)
		var ptrs []string
		hostileTextPointers(t, path.Base(ref), "", v, "", &ptrs)
		for _, ptr := range ptrs {
			fields = append(fields, field{p, ptr, hostileGet(v, ptr).(string)})
		}
	}
	mutated := map[string]bool{} // file + "#" + pointer
	for _, f := range fields {
		hostileSet(docs[f.file], f.pointer, value)
		mutated[f.file+"#"+f.pointer] = true
	}
	write := func() {
		for p, v := range docs {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			enc.SetIndent("", "  ")
			if err := enc.Encode(v); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for round := 0; ; round++ {
		write()
		_, ds, err := Load(dir, relSchemaSet(t), dataset.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !diag.HasErrors(ds, false) {
			break
		}
		reverted := 0
		for _, d := range ds {
			if !d.IsError() {
				continue
			}
			for _, f := range fields {
				if !mutated[f.file+"#"+f.pointer] || !hostileSameFile(d.File, f.file) {
					continue
				}
				if f.pointer == d.Pointer || strings.HasPrefix(f.pointer, d.Pointer+"/") {
					hostileSet(docs[f.file], f.pointer, f.original)
					delete(mutated, f.file+"#"+f.pointer)
					reverted++
				}
			}
		}
		if reverted == 0 || round > 10 {
			t.Fatalf("cannot make the project valid with %q in its free-text fields:\n%s", value, relDiagText(ds))
		}
	}
	if len(mutated) < 20 {
		t.Fatalf("only %d free-text fields accept %q", len(mutated), value)
	}
	t.Logf("%d of %d free-text fields hold %q", len(mutated), len(fields), value)
}

// hostileSchemaFile reads one of the embedded schemas, parsed.
func hostileSchemaFile(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := fs.ReadFile(schemas.FS, name)
	if err != nil {
		t.Fatalf("schema %s: %v", name, err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("schema %s: %v", name, err)
	}
	return m
}

// hostileTextPointers walks the value v (at JSON pointer ptr) along the schema
// node at fragment frag of schema file file, and collects the pointers of
// strings whose schema is the free-text definition. Conditional and
// alternative branches are all followed; a field they claim wrongly is
// put back by hostileSetTextFields when the schema refuses it.
func hostileTextPointers(t *testing.T, file, frag string, v any, ptr string, out *[]string) {
	node := hostileSchemaFile(t, file)
	if frag != "" {
		x := hostileGet(node, frag)
		m, ok := x.(map[string]any)
		if !ok {
			t.Fatalf("%s#%s: not a schema", file, frag)
		}
		node = m
	}
	hostileWalkSchema(t, file, node, v, ptr, out)
}

func hostileWalkSchema(t *testing.T, file string, node map[string]any, v any, ptr string, out *[]string) {
	// A rich field prints emphasis, strong, sub- and superscript by design
	// (TestRichDataFieldsInThePDF and the templates package's hostile-data test attack it); the corpus attacks
	// the fields that must print every character literally.
	if rich, _ := node["x-regdoc-rich"].(bool); rich {
		return
	}
	if ref, ok := node["$ref"].(string); ok {
		target, frag, _ := strings.Cut(ref, "#")
		if target == "" {
			target = file
		}
		if target == "common.schema.json" && frag == "/$defs/text" {
			if _, isString := v.(string); isString && !slices.Contains(*out, ptr) {
				*out = append(*out, ptr)
			}
		} else {
			hostileTextPointers(t, target, frag, v, ptr, out)
		}
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf"} {
		if list, ok := node[k].([]any); ok {
			for _, b := range list {
				if m, ok := b.(map[string]any); ok {
					hostileWalkSchema(t, file, m, v, ptr, out)
				}
			}
		}
	}
	for _, k := range []string{"then", "else"} {
		if m, ok := node[k].(map[string]any); ok {
			hostileWalkSchema(t, file, m, v, ptr, out)
		}
	}
	switch x := v.(type) {
	case map[string]any:
		props, _ := node["properties"].(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if sub, ok := props[k].(map[string]any); ok {
				hostileWalkSchema(t, file, sub, x[k], ptr+"/"+hostileEscapePointer(k), out)
			} else if sub, ok := node["additionalProperties"].(map[string]any); ok {
				hostileWalkSchema(t, file, sub, x[k], ptr+"/"+hostileEscapePointer(k), out)
			}
		}
	case []any:
		if sub, ok := node["items"].(map[string]any); ok {
			for i, e := range x {
				hostileWalkSchema(t, file, sub, e, ptr+"/"+strconv.Itoa(i), out)
			}
		}
	}
}

// hostileGet returns the value at a JSON pointer, nil if there is none.
func hostileGet(v any, ptr string) any {
	if ptr == "" {
		return v
	}
	for _, p := range strings.Split(ptr[1:], "/") {
		p = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || n >= len(x) {
				return nil
			}
			v = x[n]
		default:
			return nil
		}
	}
	return v
}

func hostileSameFile(a, b string) bool {
	x, err1 := filepath.Abs(a)
	y, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && x == y
}

func hostileEscapePointer(k string) string {
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}

// hostileSet sets the string at a JSON pointer that exists.
func hostileSet(v any, ptr, s string) {
	parts := strings.Split(ptr[1:], "/")
	for i, p := range parts {
		p = strings.ReplaceAll(strings.ReplaceAll(p, "~1", "/"), "~0", "~")
		last := i == len(parts)-1
		switch x := v.(type) {
		case map[string]any:
			if last {
				x[p] = s
				return
			}
			v = x[p]
		case []any:
			n, _ := strconv.Atoi(p)
			if last {
				x[n] = s
				return
			}
			v = x[n]
		}
	}
}

// TestHostileCorpusParses keeps the case format honest: a case file with
// a mistake in it is an error, not a case that checks nothing.
func TestHostileCorpusParses(t *testing.T) {
	for _, bad := range []string{
		"diag json/syntax\n",             // no exit
		"exit 1\nfrobnicate x\n",         // unknown directive
		"exit 1\n-- edit a.json --\nx\n", // edit without ==>
		"exit one\n",
		`exit 1` + "\n" + `text "unterminated` + "\n",
	} {
		if _, err := parseHostileCase("bad", []byte(bad)); err == nil {
			t.Errorf("%q parsed without error", bad)
		}
	}
	c, err := parseHostileCase("ok", []byte("# c\nexit 1\ndiag json/syntax data/x.json 3:18 /a/0 \"bad \\\"x\\\"\"\n-- data/x.json (escapes) --\n\\xff{\n-- edit regdoc.json --\na\nb\n==>\nc\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := hostileDiag{code: "json/syntax", file: "data/x.json", line: 3, col: 18, pointer: "/a/0", message: `bad "x"`}
	if c.exit != 1 || len(c.diags) != 1 || c.diags[0] != want {
		t.Errorf("parsed %+v", c)
	}
	if got := c.files["data/x.json"]; !bytes.Equal(got, []byte("\xff{\n")) {
		t.Errorf("escapes: %q", got)
	}
	if len(c.edits) != 1 || c.edits[0] != (hostileEdit{"regdoc.json", "a\nb", "c"}) {
		t.Errorf("edits: %+v", c.edits)
	}
}

// ---- the real command ----

// relRegdocBinary builds the regdoc command into a temporary folder.
func relRegdocBinary(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to build regdoc with")
	}
	bin := filepath.Join(t.TempDir(), "regdoc")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", bin, "../../cmd/regdoc").CombinedOutput()
	if err != nil {
		t.Fatalf("go build ./cmd/regdoc: %v\n%s", err, out)
	}
	return bin
}

// hostileAsNobody makes cmd run as the unprivileged user "nobody", with root's
// temporary folders opened up so it can reach bin and the project, keeping
// the modes the case set. It reports false where that cannot be done.
func hostileAsNobody(t *testing.T, cmd *exec.Cmd, c *hostileCase, bin, root, dir string) bool {
	if runtime.GOOS != "linux" {
		return false
	}
	for _, p := range []string{filepath.Dir(bin), filepath.Dir(filepath.Dir(bin)), root, filepath.Dir(root)} {
		if err := os.Chmod(p, 0o755); err != nil {
			return false
		}
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		mode := os.FileMode(0o644)
		if d.IsDir() {
			mode = 0o777 // nobody may create the output folder
		}
		return os.Chmod(p, mode)
	})
	if err != nil {
		return false
	}
	for name, mode := range c.chmods {
		if err := os.Chmod(filepath.Join(dir, filepath.FromSlash(name)), mode); err != nil {
			return false
		}
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	return true
}

// TestCorpusThroughTheCommand builds the real regdoc command and runs
// 'regdoc build' on every failing case of the corpus: the exit code must
// be the documented one (the one relBuild predicts), stderr must carry
// each expected diagnostic code, and nothing may be written.
func TestCorpusThroughTheCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the regdoc command")
	}
	bin := relRegdocBinary(t)
	for _, c := range loadHostileCorpus(t) {
		if c.exit == relExitOK || c.hostile != "" || len(c.texts) > 0 {
			continue // the successful builds are checked through the API
		}
		t.Run(c.name, func(t *testing.T) {
			root, dir := c.prepare(t)
			args := []string{"build", dir}
			if len(c.only) > 0 {
				args = append(args, "--only", strings.Join(c.only, ","))
			}
			cmd := exec.Command(bin, args...)
			if c.needsNonRoot && os.Geteuid() == 0 {
				// Root reads any file; run the command as nobody instead.
				if !hostileAsNobody(t, cmd, c, bin, root, dir) {
					t.Skip("running as root and cannot switch to nobody")
				}
			}
			before := relSnapshot(t, root)
			cmd.Env = append(os.Environ(), "NO_COLOR=1")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			relAssertNothingWritten(t, before, relSnapshot(t, root))
			var problems []string
			if code != c.exit {
				problems = append(problems, fmt.Sprintf("regdoc build exited %d, want %d", code, c.exit))
			}
			for _, w := range c.diags {
				if !strings.Contains(stderr.String(), w.code) {
					problems = append(problems, "stderr lacks "+w.code)
				}
				if w.line > 0 && !strings.Contains(stderr.String(), fmt.Sprintf("%s:%d:%d", filepath.Base(w.file), w.line, w.col)) {
					problems = append(problems, fmt.Sprintf("stderr lacks %s:%d:%d", filepath.Base(w.file), w.line, w.col))
				}
			}
			if len(problems) > 0 {
				msg := strings.Join(problems, "\n") + "\nstderr:\n" + stderr.String()
				if c.bug != "" {
					t.Skip("BUG: " + c.bug + "\n" + msg)
				}
				t.Error(msg)
			}
		})
	}
}

// hostileJSONPos returns the 1-based line and column (in characters, as editors
// count) of byte offset off in src, not counting a leading byte order mark.
func hostileJSONPos(src []byte, off int) (int, int) {
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' {
			line, start = line+1, i+1
		}
	}
	seg := src[start:off]
	if start == 0 {
		seg = bytes.TrimPrefix(seg, []byte("\xEF\xBB\xBF"))
	}
	return line, utf8.RuneCount(seg) + 1
}

// hostileOpenString returns the offset of the quote opening the string that is
// still open at the end of src, or -1 when src does not end inside one.
func hostileOpenString(src []byte) int {
	open := -1
	for i := 0; i < len(src); i++ {
		switch {
		case open >= 0 && src[i] == '\\':
			i++
		case src[i] == '"' && open >= 0:
			open = -1
		case src[i] == '"':
			open = i
		}
	}
	return open
}

// TestMalformedJSONAtManyPositions breaks a data file at many positions —
// cut short, or with a stray byte (0xFF, never valid UTF-8) inserted — and
// checks each build is refused with a json/syntax diagnostic at the right
// place, exit 1, and nothing written. A cut file's error is at its end, or
// at the opening quote of the string the cut leaves open; a stray byte's
// error is on its line, no later than the byte.
func TestMalformedJSONAtManyPositions(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(relExample, "data", "comparator.json"))
	if err != nil {
		t.Fatal(err)
	}
	end := bytes.LastIndexByte(src, '}') // cuts before it leave the value open
	positions := 40
	if testing.Short() {
		positions = 12
	}
	for k := range positions {
		off := 1 + k*(end-1)/positions
		for _, mode := range []string{"cut", "stray byte"} {
			t.Run(fmt.Sprintf("%s at byte %d", mode, off), func(t *testing.T) {
				var broken []byte
				var line, col int
				switch mode {
				case "cut":
					broken = bytes.Clone(src[:off])
					if q := hostileOpenString(broken); q >= 0 {
						line, col = hostileJSONPos(broken, q)
					} else {
						line, col = hostileJSONPos(broken, len(broken))
					}
				default:
					broken = append(append(bytes.Clone(src[:off]), 0xFF), src[off:]...)
					line, col = hostileJSONPos(broken, off)
				}
				root, dir := relCopyExample(t)
				if err := os.WriteFile(filepath.Join(dir, "data", "comparator.json"), broken, 0o644); err != nil {
					t.Fatal(err)
				}
				before := relSnapshot(t, root)
				r := relBuild(t, dir, Options{})
				relAssertNothingWritten(t, before, relSnapshot(t, root))
				d := relFind(r.Diags, dataset.CodeSyntax)
				if r.Code != relExitInvalid || d == nil || !strings.HasSuffix(d.File, filepath.Join("data", "comparator.json")) {
					t.Fatalf("exit %d, want 1 with json/syntax in data/comparator.json:\n%s", r.Code, relDiagText(r.Diags))
				}
				ok := d.Line == line && d.Col == col
				if mode == "stray byte" {
					ok = d.Line == line && d.Col <= col && d.Col >= 1
				}
				if !ok {
					t.Errorf("json/syntax at %d:%d, want %d:%d (%s)", d.Line, d.Col, line, col, d.Message)
				}
			})
		}
	}
}

// TestTemplateErrorNamesFileAndLine builds a project whose template refers
// to a missing field, from the folder above the project (so the project
// path is relative, as 'regdoc build proj' gives it): the error names the
// template's file, line and column. (With an absolute project path the
// name is lost; see the template-* cases of the corpus.)
func TestTemplateErrorNamesFileAndLine(t *testing.T) {
	root, dir := relCopyExample(t)
	if err := os.WriteFile(filepath.Join(dir, "custom.md"), []byte("# Custom\n\nProduct: {{.Process.Product.Name}}.\n\n{{.Process.NoSuchField}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	relEdit(t, filepath.Join(dir, "regdoc.json"), `"template": "cmc/s241-specification.md"`, `"template": "custom.md"`)
	before := relSnapshot(t, root)
	cmd := relHelper(t, relHelperSpec{Dir: "proj", Chdir: root})
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != relExitInvalid {
		t.Fatalf("exit %v, want %d\n%s", err, relExitInvalid, stderr.String())
	}
	relAssertNothingWritten(t, before, relSnapshot(t, root))
	if !regexp.MustCompile(`proj/custom\.md:5:11: .*NoSuchField`).MatchString(stderr.String()) {
		t.Errorf("the error does not name proj/custom.md:5:11 (the column of .NoSuchField, counted from 1):\n%s", stderr.String())
	}
}
