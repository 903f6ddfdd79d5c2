package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/ismspack/ismspack/generator/verify"
)

func newVerify(s *Streams) *cobra.Command {
	var repo, ref, config string
	var fonts []string
	cmd := &cobra.Command{
		Use:   "verify PACK.pdf",
		Short: "Tell whether an audit pack is genuine and current",
		Long: `verify answers an auditor's two questions about a pack.pdf ismspack built.

Genuine? It reads the commit, as-of date, pack identifier and every other input the
pack records in its metadata, builds the pack again from that commit and compares the
two byte for byte: any edit to the PDF shows. When the installed ismspack is not the
version that built the pack, it says so and recomputes the identifier and manifest
instead. A pack built with --config or --font needs the same files given again.

Current? It lists the documents changed, added or removed on --ref since that commit.

Exit codes:
  0  genuine and current
  1  not genuine, or not current (the output says which)
  2  verify could not tell: no repository, a commit it lacks, unreadable file`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{fmt.Errorf("verify takes one PDF, got %d arguments: ismspack verify pack.pdf", len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o := verify.Options{Pack: s.abs(args[0]), Dir: s.Dir, Ref: ref, Tool: Version, Log: s.Err}
			if repo != "" {
				o.Dir = s.abs(repo)
			}
			if config != "" {
				o.ConfigFile = s.abs(config)
			}
			for _, f := range fonts {
				o.Fonts = append(o.Fonts, s.abs(f))
			}
			rep, err := verify.Verify(o)
			if err != nil {
				return err
			}
			writeVerify(s.Out, args[0], rep)
			if !rep.Genuine || !rep.Current() {
				return errFindings
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&repo, "repo", "", "repository the pack was built from (default: found from the working directory upward)")
	f.StringVar(&ref, "ref", "HEAD", "branch, tag or commit the pack should be current with")
	f.StringVar(&config, "config", "", "the configuration file the pack was built with, when it was built with --config")
	f.StringArrayVar(&fonts, "font", nil, "a font the pack was built with (--font), in the same order (repeatable)")
	return cmd
}

// writeVerify prints what verify found: genuineness, then currency, then
// one line with the verdict.
func writeVerify(w io.Writer, name string, r *verify.Report) {
	if r.Genuine {
		fmt.Fprintf(w, "genuine: %s is %s.\n", name, r.Why)
	} else {
		fmt.Fprintf(w, "NOT GENUINE: %s: %s.\n", name, r.Why)
	}
	p := r.Prov
	if p.Commit != "" {
		fmt.Fprintf(w, "  pack %s, commit %s", p.PackID, p.Commit)
		if p.Ref != "" {
			fmt.Fprintf(w, " (%s)", p.Ref)
		}
		if p.AsOf != "" {
			fmt.Fprintf(w, ", as of %s", p.AsOf)
		}
		if p.Since != "" {
			fmt.Fprintf(w, ", changes since %s", p.Since)
		}
		fmt.Fprintf(w, ", built by ismspack %s\n", orUnknown(p.Tool))
	}
	if r.Checked {
		at := fmt.Sprintf("%s (%s)", r.Ref, short(r.RefCommit))
		if len(r.Changes) == 0 {
			fmt.Fprintf(w, "current: no document changed, added or removed on %s since commit %s.\n", at, short(p.Commit))
		} else {
			fmt.Fprintf(w, "NOT CURRENT: %s on %s since commit %s:\n", plural(len(r.Changes), "document differs", "documents differ"), at, short(p.Commit))
			for _, c := range r.Changes {
				fmt.Fprintf(w, "  %-8s %s%s\n", c.Kind, c.Path, describe(c))
			}
		}
	}
	switch {
	case !r.Genuine:
		fmt.Fprintf(w, "%s is not genuine: do not rely on it; ask for the pack again, or build it from the repository.\n", name)
	case !r.Current():
		fmt.Fprintf(w, "%s is genuine but not current: it shows the ISMS as of commit %s; build the pack from %s for the ISMS as it is now.\n", name, short(p.Commit), r.Ref)
	default:
		fmt.Fprintf(w, "%s is genuine and current.\n", name)
	}
}

func describe(c verify.Change) string {
	s := ""
	if c.From != "" {
		s += " (was " + c.From + ")"
	}
	if c.ID != "" || c.Title != "" {
		s += "  " + c.ID
		if c.Title != "" {
			if c.ID != "" {
				s += " "
			}
			s += c.Title
		}
	}
	switch {
	case c.Was != "" && c.Now != "" && c.Was != c.Now:
		s += ", version " + c.Was + " → " + c.Now
	case c.Was != "" && c.Now != "":
		s += ", version " + c.Now + " (not bumped)"
	case c.Now != "":
		s += ", version " + c.Now
	case c.Was != "":
		s += ", was version " + c.Was
	}
	return s
}

func short(h string) string {
	if len(h) > 7 {
		return h[:7]
	}
	return h
}

func orUnknown(v string) string {
	if v == "" {
		return "(version unknown)"
	}
	return v
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
