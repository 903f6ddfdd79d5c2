package cli

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/go-git/go-git/v5"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/internal/suggest"
	"github.com/ismspack/ismspack/generator/scaffold"
	"github.com/ismspack/ismspack/generator/serve"
)

// abs makes p absolute against the command's working directory.
func (s *Streams) abs(p string) string {
	if p == "" {
		return s.Dir
	}
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(s.Dir, p)
}

func newInit(s *Streams) *cobra.Command {
	var o scaffold.Options
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Start a new ISMS repository: configuration, the clause 5.1 document set as drafts, CI files",
		Long: `init writes a new ISMS into DIR (default: the working directory): ismspack.yaml, the
clause 5.1 document set as drafts with guidance in square brackets, a GitHub Actions
workflow, a GitLab CI file and a README. It never overwrites a file.

When DIR is not inside a git repository, init creates one (branch main) and commits
the files, because ismspack reads commits: 'ismspack check' then lists what is left
to do. Inside an existing repository it writes the files and leaves the commit to you.

Exit codes: 0 written, 2 usage mistake or a file already exists (nothing was written).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := s.Dir
			if len(args) == 1 {
				dir = s.abs(args[0])
			}
			o.Date = s.Now().UTC()
			r, err := scaffold.Init(dir, o, scaffold.SignatureFrom(s.Env, s.Now()))
			var ee *scaffold.ExistsError
			if errors.As(err, &ee) {
				return usageError{fmt.Errorf("init writes nothing over existing files, and %s in %s: move it aside or start in an empty directory", ee.Error(), dir)}
			}
			if err != nil {
				return err
			}
			for _, f := range r.Files {
				fmt.Fprintf(s.Out, "wrote %s\n", f)
			}
			switch {
			case r.Commit.IsZero():
				fmt.Fprintf(s.Out, "\nThe files are written but not committed: this directory was already in a git repository.\n"+
					"ismspack reads commits, so commit them (git add . && git commit), then run 'ismspack check'.\n")
			default:
				fmt.Fprintf(s.Out, "\nCreated a git repository and committed the files on branch %s (%s).\n", r.Branch, r.Commit.String()[:12])
				fmt.Fprintf(s.Out, "Next: run 'ismspack check' in %s for the list of what is left to do; README.md walks through it.\n", dir)
			}
			if o.Organisation == "" || len(o.Roles) == 0 || len(o.Leaders) == 0 {
				fmt.Fprintf(s.Out, "Fill in the values marked FILL IN in ismspack.yaml (or pass --organisation, --role and --leader to init).\n")
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Organisation, "organisation", "", "the organisation's name")
	f.StringArrayVar(&o.Roles, "role", nil, "a role that may own documents (repeat the flag for each)")
	f.StringArrayVar(&o.Leaders, "leader", nil, "a top-management role that approves clause 5.1 evidence (repeat the flag for each)")
	return cmd
}

func newNew(s *Streams) *cobra.Command {
	var repo, owner, prefix string
	cmd := &cobra.Command{
		Use:   "new TYPE TITLE",
		Short: "Write a new draft document with the next free id for its type",
		Long: `new writes a draft document (status draft, version 0.1) titled TITLE with the next free
id for TYPE's prefix (the prefix the documents of that type share, e.g. ISMS-MRM-), in
the folder where documents of TYPE live (else content/<type>s/). It reads the working
tree, so documents not yet committed count.

Exit codes: 0 written, 2 usage mistake or the file already exists.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageError{fmt.Errorf("new takes a type and a title, e.g. ismspack new policy \"Access Control Policy\"")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			root, err := worktreeRoot(s.abs(repo))
			if err != nil {
				return err
			}
			cfg, err := config.FromWorktree(root)
			if err != nil {
				return err
			}
			if owner != "" && len(cfg.Roles) > 0 {
				role, ok := config.FindRole(cfg.Roles, owner)
				if !ok {
					return usageError{fmt.Errorf("--owner %q is not in the roles of %s: use one of %q", owner, cfg.Path, cfg.Roles)}
				}
				owner = role
			}
			sel, err := cfg.Selector()
			if err != nil {
				return err
			}
			d, err := scaffold.New(scaffold.NewOptions{Root: root, Content: cfg.Content, Type: args[0], Title: args[1],
				Owner: owner, Prefix: prefix, Aliases: cfg.Aliases, Select: sel, Date: s.Now().UTC()})
			var ee *scaffold.ExistsError
			if errors.As(err, &ee) {
				return usageError{fmt.Errorf("%s already exists: choose another title", ee.Paths[0])}
			}
			if err != nil {
				return usageError{err}
			}
			fmt.Fprintf(s.Out, "wrote %s (%s)\n", d.Path, d.ID)
			if owner == "" {
				fmt.Fprintf(s.Out, "Set its owner (or pass --owner), fill in the bracketed text, and commit it.\n")
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&repo, "repo", "", "repository directory (default: found from the working directory upward)")
	cmd.Flags().StringVar(&owner, "owner", "", "the owning role (one of the roles in ismspack.yaml)")
	cmd.Flags().StringVar(&prefix, "prefix", "", "id prefix, e.g. ISMS-ACC- (default: the one the documents of TYPE share)")
	return cmd
}

// worktreeRoot is the working tree of the repository at or above dir.
func worktreeRoot(dir string) (string, error) {
	if _, err := os.Stat(dir); err != nil {
		return "", usageError{fmt.Errorf("%s does not exist: give the repository's directory with --repo", dir)}
	}
	r, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true})
	if err != nil {
		return "", usageError{fmt.Errorf("no git repository at or above %s: run 'ismspack init' first, or give one with --repo", dir)}
	}
	wt, err := r.Worktree()
	if err != nil {
		return "", usageError{fmt.Errorf("%s is a bare repository: new writes files, so run it in a clone", dir)}
	}
	return wt.Filesystem.Root(), nil
}

func newServe(s *Streams) *cobra.Command {
	var c common
	var addr string
	var worktree bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the site on this machine, rebuilt and reloaded as the ISMS changes",
		Long: `serve builds the site (without the PDF pack) and serves it on a loopback address.
Open pages reload by themselves when the site is rebuilt.

By default it serves the ISMS as committed at --ref (HEAD) and rebuilds on each commit,
checkout or branch switch. With --worktree it serves the files as they are on disk,
uncommitted edits included, rebuilt on every save; each page then carries the banner
"Preview of uncommitted changes — not a controlled copy". A change that does not build
(say, invalid YAML in ismspack.yaml) is shown at the top of the page; the server keeps
running.

Exit codes: 0 stopped with Ctrl-C, 2 usage or runtime failure (no repository, address in use).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o, err := c.options(s)
			if err != nil {
				return err
			}
			if _, err := os.Stat(o.Dir); err != nil {
				return usageError{fmt.Errorf("--repo %s: the directory does not exist", o.Dir)}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return serve.Run(ctx, serve.Options{Build: o, Worktree: worktree, Log: s.Err, Now: s.Now}, addr, func(url string) {
				what := "the ISMS as committed at " + c.ref + ", rebuilt on each commit"
				if worktree {
					what = "the working tree, uncommitted edits included, rebuilt on each save"
				}
				fmt.Fprintf(s.Err, "serving %s at %s — press Ctrl-C to stop\n", what, url)
			})
		},
	}
	c.flags(cmd)
	for _, f := range []string{"format", "fail-on"} {
		cmd.Flags().MarkHidden(f)
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to serve on (keep it on loopback: the site is for you, not the network)")
	cmd.Flags().BoolVar(&worktree, "worktree", false, "serve the working tree with uncommitted edits, marked as a preview")
	return cmd
}

// flagError turns pflag's "unknown flag: --ouut" into a usage error that
// suggests the nearest flag of that command and points at its help, as
// cobra does for a mistyped command.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	help := fmt.Sprintf("run '%s --help' for its flags", cmd.CommandPath())
	name, ok := strings.CutPrefix(msg, "unknown flag: --")
	if !ok {
		if sh, ok := strings.CutPrefix(msg, "unknown shorthand flag: "); ok {
			return usageError{fmt.Errorf("%s: %s", sh, help)}
		}
		return usageError{fmt.Errorf("%s: %s", msg, help)}
	}
	best, bestD := "", 3 // suggest only within two edits
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		if d := suggest.Distance(name, f.Name); d < bestD || (d == bestD && best == "" && strings.HasPrefix(f.Name, name)) {
			best, bestD = f.Name, d
		}
	})
	if best == "" {
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if best == "" && !f.Hidden && len(name) >= 2 && strings.HasPrefix(f.Name, name) {
				best = f.Name
			}
		})
	}
	if best != "" {
		return usageError{fmt.Errorf("unknown flag --%s: did you mean --%s? Run '%s --help' for its flags", name, best, cmd.CommandPath())}
	}
	return usageError{fmt.Errorf("unknown flag --%s: %s", name, help)}
}

// exitCodes is the exit-code table build and check print in --help.
const exitCodes = `
Exit codes:
  0  clean: no finding at or above --fail-on
  1  the run worked and found problems at or above --fail-on (default: any error)
  2  usage mistake or runtime failure (no repository, bad ref, unreadable config)`
