package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// fencedBlocks returns the bodies of the ```lang blocks of a Markdown file.
func fencedBlocks(t *testing.T, file, lang string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile("(?ms)^```" + regexp.QuoteMeta(lang) + "\n(.*?)^```\n")
	var out []string
	for _, m := range re.FindAllStringSubmatch(string(b), -1) {
		out = append(out, m[1])
	}
	return out
}

// The CI examples in docs/ci.md are valid YAML of the shape their CI
// system reads, and they run regdoc.
func TestCIDocsYAMLParses(t *testing.T) {
	blocks := fencedBlocks(t, filepath.Join(docsDir, "ci.md"), "yaml")
	if len(blocks) != 3 {
		t.Fatalf("docs/ci.md has %d yaml blocks, want 3 (GitHub Actions, GitLab CI, pre-commit)", len(blocks))
	}
	docs := make([]map[string]any, len(blocks))
	for i, b := range blocks {
		if err := yaml.Unmarshal([]byte(b), &docs[i]); err != nil {
			t.Fatalf("yaml block %d does not parse: %v\n%s", i+1, err, b)
		}
	}
	gh := docs[0]
	steps, _ := dig(gh, "jobs", "validate", "steps").([]any)
	if gh["on"] == nil || len(steps) == 0 || !strings.Contains(yamlText(t, steps), "regdoc validate . --format github") {
		t.Errorf("GitHub Actions example lacks on:, jobs.validate.steps or the validate step:\n%s", blocks[0])
	}
	script, _ := dig(docs[1], "regdoc", "script").([]any)
	if len(script) == 0 || !strings.Contains(yamlText(t, script), "--format junit") || dig(docs[1], "regdoc", "artifacts", "reports", "junit") == nil {
		t.Errorf("GitLab example lacks regdoc.script or the junit report:\n%s", blocks[1])
	}
	repos, _ := docs[2]["repos"].([]any)
	if len(repos) != 1 || dig(repos[0], "hooks") == nil || !strings.Contains(yamlText(t, repos), "id: regdoc-validate") {
		t.Errorf("pre-commit example does not use the hook regdoc-validate:\n%s", blocks[2])
	}
}

func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func yamlText(t *testing.T, v any) string {
	t.Helper()
	b, err := yaml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// gitRepo makes a git repository with pre-commit's cache inside the test's
// temporary folder, and returns a runner for commands in it.
func gitRepo(t *testing.T) (dir string, run func(name string, args ...string) (string, error)) {
	t.Helper()
	dir = t.TempDir()
	home := t.TempDir()
	run = func(name string, args ...string) (string, error) {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(),
			"HOME="+home, "PRE_COMMIT_HOME="+filepath.Join(home, "pre-commit"),
			"GIT_AUTHOR_NAME=CI", "GIT_AUTHOR_EMAIL=ci@example.com",
			"GIT_COMMITTER_NAME=CI", "GIT_COMMITTER_EMAIL=ci@example.com",
			"NO_COLOR=1", "TERM=dumb")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	if out, err := run("git", "init", "-q", "-b", "main"); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	return dir, run
}

// The shipped pre-commit hook, run by the real pre-commit tool on a real
// git repository: a project made by 'regdoc init' (with its .vscode and
// .regdoc settings) beside other tools' JSON commits cleanly; a commit that
// changes only the specification fails when a lot in another, unchanged
// file no longer meets it (a rule across files). Then the "any other CI"
// recipe of docs/ci.md runs as written.
func TestPreCommitHook(t *testing.T) {
	for _, tool := range []string{"pre-commit", "git"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (Debian package %s); the pre-commit hook is not tested here", tool, tool)
		}
	}
	if _, err := exec.LookPath("regdoc"); err != nil {
		t.Fatal("regdoc is not on PATH (TestMain puts the test binary there)")
	}
	hooksFile, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []map[string]any
	if err := yaml.Unmarshal(hooksFile, &hooks); err != nil || len(hooks) != 1 || hooks[0]["id"] != "regdoc-validate" {
		t.Fatalf(".pre-commit-hooks.yaml: want one hook regdoc-validate, got %v (%v)", hooks, err)
	}
	// The hook exactly as shipped, but run from the regdoc on PATH: its
	// "golang" language would build regdoc from a clone, downloading
	// modules, which a test may not do.
	hook := hooks[0]
	hook["language"] = "system"
	config, err := yaml.Marshal(map[string]any{"repos": []any{map[string]any{"repo": "local", "hooks": []any{hook}}}})
	if err != nil {
		t.Fatal(err)
	}

	dir, run := gitRepo(t)
	must := func(name string, args ...string) string {
		t.Helper()
		out, err := run(name, args...)
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return out
	}
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".pre-commit-config.yaml", string(config))
	write("package.json", `{"name": "dossier-site", "private": true}`)
	write("renovate.json", `{"$schema": "https://docs.renovatebot.com/renovate-schema.json", "extends": ["config:recommended"]}`)
	must("regdoc", "init", "albumin")
	for _, f := range []string{"albumin/.vscode/settings.json", "albumin/.regdoc/schemas/process.schema.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Fatalf("regdoc init no longer writes %s; the test relies on it: %v", f, err)
		}
	}
	must("pre-commit", "install")
	must("git", "add", "-A")
	out := must("git", "commit", "-q", "-m", "A new project")
	if !regexp.MustCompile(`regdoc validate\.+Passed`).MatchString(out) {
		t.Errorf("first commit: the hook did not run and pass:\n%s", out)
	}

	// Narrow the protein limit so two unchanged lots fall outside it.
	spec := filepath.Join(dir, "albumin", "data", "specification.json")
	b, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	const from, to = `"low": 90, "high": 110`, `"low": 90, "high": 100`
	if !bytes.Contains(b, []byte(from)) {
		t.Fatalf("the example's protein limit changed; update the test (%s)", from)
	}
	write("albumin/data/specification.json", strings.Replace(string(b), from, to, 1))
	must("git", "add", "albumin/data/specification.json")
	out, err = run("git", "commit", "-q", "-m", "Tighten the protein limit")
	if err == nil {
		t.Fatalf("the commit passed although lots no longer meet the specification:\n%s", out)
	}
	for _, want := range []string{"Failed", "albumin/data/batches.json:18:39: error SP-01: lot RGX-24-001 test protein"} {
		if !strings.Contains(out, want) {
			t.Errorf("failed commit: output lacks %q:\n%s", want, out)
		}
	}
	must("git", "reset", "-q")
	must("git", "checkout", "--", "albumin/data/specification.json")
	must("pre-commit", "run", "--all-files")

	// docs/ci.md, "Any other CI": the recipe as written, in the project.
	recipes := fencedBlocks(t, filepath.Join(docsDir, "ci.md"), "sh")
	if len(recipes) != 1 {
		t.Fatalf("docs/ci.md has %d sh blocks, want 1", len(recipes))
	}
	script := "set -e\ncd albumin\n" + recipes[0]
	if out, err := run("bash", "-c", script); err != nil {
		t.Fatalf("the CI recipe failed: %v\n%s\n%s", err, script, out)
	}
	pdfs, _ := filepath.Glob(filepath.Join(dir, "albumin", "dist", "*.pdf"))
	ectd, _ := filepath.Glob(filepath.Join(dir, "albumin", "dist", "m3", "*"))
	if len(pdfs) == 0 || len(ectd) == 0 {
		t.Errorf("the CI recipe wrote %d PDFs to dist/ and %d entries to dist/m3/", len(pdfs), len(ectd))
	}
}
