package site

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/themes"
)

// The benchmark corpus is shaped like ../shared/bench/mkcorpus.py: documents
// with full front matter, sections of sentences, links to other documents,
// lists and tables; the first commit imports them all and every later one
// edits one to three and bumps their versions.

var benchWords = strings.Fields("security information management policy risk asset control review " +
	"leadership commitment objective resource awareness training supplier incident continual improvement " +
	"audit evidence owner approval process communication competence responsibility authority integrity " +
	"availability confidentiality register plan record meeting minutes change business")

var benchOwners = []string{"Information Security Manager", "Chief Executive Officer", "Head of People",
	"Head of IT", "Data Protection Officer", "Chief Operating Officer"}

var benchTypes = []string{"policy", "process", "plan", "record", "register", "minutes"}

type benchDoc struct {
	minor    int
	owner    string
	reviewed string
	reqs     string
	seed     int64
}

func benchSentence(r *rand.Rand, n int) string {
	w := make([]string, 6+r.Intn(n-5))
	for i := range w {
		w[i] = benchWords[r.Intn(len(benchWords))]
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func benchTitle(i int) string {
	w := benchWords[i%len(benchWords)]
	t := benchTypes[i%len(benchTypes)]
	return fmt.Sprintf("Document %05d %s %s", i, strings.ToUpper(w[:1])+w[1:], strings.ToUpper(t[:1])+t[1:])
}

func benchRender(i, ndocs int, st *benchDoc) string {
	r := rand.New(rand.NewSource(st.seed))
	var b strings.Builder
	fmt.Fprintf(&b, "---\nid: ISMS-%05d\ntitle: %s\nowner: %s\nversion: \"1.%d\"\nstatus: approved\nclassification: internal\n"+
		"approved_by: Chief Executive Officer\napproved_on: %s\nlast_reviewed: %s\ntype: %s\nrequirements: %s\n---\n",
		i, benchTitle(i), st.owner, st.minor, st.reviewed, st.reviewed, benchTypes[i%len(benchTypes)], st.reqs)
	fmt.Fprintf(&b, "# %s\n\nRevision note %d: %s\n\n", benchTitle(i), st.minor, benchSentence(r, 12))
	for s := 0; s < 3+r.Intn(4); s++ {
		fmt.Fprintf(&b, "## Section %d\n\n", s+1)
		n := 3 + r.Intn(5)
		for k := 0; k < n; k++ {
			b.WriteString(benchSentence(r, 12) + " ")
		}
		b.WriteString("\n\n")
		if r.Float64() < 0.5 {
			j := r.Intn(ndocs)
			fmt.Fprintf(&b, "See [%s](doc-%05d.md) for details.\n\n", benchTitle(j), j)
		}
		if r.Float64() < 0.4 {
			for k := 0; k < 2+r.Intn(4); k++ {
				b.WriteString("- " + benchSentence(r, 8) + "\n")
			}
			b.WriteString("\n")
		}
		if r.Float64() < 0.3 {
			b.WriteString("| Role | Responsibility | Frequency |\n|---|---|---|\n")
			for k := 0; k < 2+r.Intn(3); k++ {
				fmt.Fprintf(&b, "| %s | %s | %s |\n", benchOwners[r.Intn(len(benchOwners))], benchSentence(r, 6), []string{"annual", "quarterly", "monthly"}[r.Intn(3)])
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// benchCorpus builds a repository of ndocs documents and ncommits commits.
func benchCorpus(t testing.TB, ndocs, ncommits int) string {
	r := newTestRepo(t)
	rng := rand.New(rand.NewSource(1))
	reqs := []string{"5.1(a)", "5.1(b)", "5.1(c)", "5.1(d)", "5.1(e)", "5.1(f)", "5.1(g)", "5.1(h)"}
	docs := make([]*benchDoc, ndocs)
	asOf := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range docs {
		perm := rng.Perm(len(reqs))[:1+rng.Intn(3)]
		var q []string
		for _, p := range perm {
			q = append(q, `"`+reqs[p]+`"`)
		}
		docs[i] = &benchDoc{owner: benchOwners[rng.Intn(len(benchOwners))], seed: rng.Int63(),
			reviewed: asOf.AddDate(0, 0, -10-rng.Intn(290)).Format("2006-01-02"), reqs: "[" + strings.Join(q, ", ") + "]"}
	}
	span := time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC).Sub(time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC))
	for c := 0; c < ncommits; c++ {
		r.when = time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC).Add(span * time.Duration(c) / time.Duration(ncommits))
		var touched []int
		msg := "Initial ISMS import"
		if c == 0 {
			for i := range docs {
				touched = append(touched, i)
			}
		} else {
			touched = rng.Perm(ndocs)[:1+rng.Intn(3)]
			var ids []string
			for _, i := range touched {
				docs[i].minor++
				docs[i].seed = rng.Int63()
				ids = append(ids, fmt.Sprintf("ISMS-%05d", i))
			}
			msg = "Update " + strings.Join(ids, ", ")
		}
		for _, i := range touched {
			r.files[fmt.Sprintf("content/doc-%05d.md", i)] = []byte(benchRender(i, ndocs, docs[i]))
		}
		r.commitFiles(msg)
	}
	return r.dir
}

// benchModel is built once per test binary: making the repository and
// loading it is not what the benchmark measures.
var benchModel = struct {
	once sync.Once
	m    *isms.Model
	fs   []check.Finding
}{}

func loadBenchModel(b *testing.B) (*isms.Model, []check.Finding) {
	benchModel.once.Do(func() {
		start := time.Now()
		dir := benchCorpus(b, 200, 1000)
		benchModel.m, benchModel.fs = load(b, dir, testConfig())
		b.Logf("corpus of 200 documents and 1000 commits made and loaded in %s", time.Since(start).Round(time.Millisecond))
	})
	return benchModel.m, benchModel.fs
}

// BenchmarkRender renders the whole site (about 1,200 document and
// revision pages) for 200 documents with 1,000 commits of history.
func BenchmarkRender(b *testing.B) {
	m, fs := loadBenchModel(b)
	theme := themes.FS()
	pages := 0
	for _, d := range m.Docs {
		pages += 1 + len(d.History)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		out := b.TempDir()
		b.StartTimer()
		if err := Render(out, m, fs, theme); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if i == 0 {
			if _, err := os.Stat(filepath.Join(out, "docs", "doc-00000.html")); err != nil {
				b.Fatal(err)
			}
		}
		os.RemoveAll(out)
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(pages), "ns/page")
}
