package isms_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/framework"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/source"
)

// BenchmarkTableRows loads a model whose one table is a CSV of n rows:
// the time per row must stay flat from 10,000 to 100,000 rows.
func BenchmarkTableRows(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			var csv strings.Builder
			csv.WriteString("ref,action,owner,status,due,completed_on\n")
			for i := range n {
				fmt.Fprintf(&csv, "CA-%d,\"Review access, then remove leavers\",Head of IT,%s,2026-%02d-15,\n", i, []string{"open", "closed"}[i%2], 1+i%12)
			}
			r := testrepo.Make(b, testrepo.Commit{Files: map[string]string{
				"content/policy.md":     testrepo.Doc(map[string]string{"id": "A"}, "# A\n"),
				"content/records/a.csv": csv.String(),
			}})
			repo, err := source.Open(r.Dir)
			if err != nil {
				b.Fatal(err)
			}
			defer repo.Close()
			c, err := repo.Resolve("HEAD")
			if err != nil {
				b.Fatal(err)
			}
			snap, err := repo.Read("HEAD", c, source.Markdown("content"))
			if err != nil {
				b.Fatal(err)
			}
			sets, err := framework.Default()
			if err != nil {
				b.Fatal(err)
			}
			cfg := config.Default()
			cfg.Tables = map[string]config.Table{"actions": {File: "records/a.csv", Status: "status", Due: "due",
				Count: &config.Count{Done: "completed_on", People: "ref"}}}
			b.ResetTimer()
			for b.Loop() {
				m, err := isms.Load(snap, cfg, sets, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
				if err != nil {
					b.Fatal(err)
				}
				if t := m.Tables[0]; len(t.Rows) != n || len(t.Problems) != 0 {
					b.Fatalf("read %d rows with %v", len(t.Rows), t.Problems)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/row")
		})
	}
}
