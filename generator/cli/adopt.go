package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/ismspack/ismspack/generator/adopt"
	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/source"
)

func newAdopt(s *Streams) *cobra.Command {
	var repoDir, ref, content string
	var write, force bool
	cmd := &cobra.Command{
		Use:   "adopt",
		Short: "Propose an ismspack.yaml that reads an existing repository as it stands",
		Long: `adopt inspects the repository as committed at --ref and prints a proposed
ismspack.yaml that reads its documents without editing them: where they are, which
files are not documents, which keys and labelled lines carry the document-control
fields, who owns them, and which documents name a requirement. Every decision is a
comment with its evidence; what adopt could not decide is said at the end.

--write writes it as ismspack.yaml at the root of the working tree (never over an
existing file unless --force). Review it, commit it, then run 'ismspack check'.

Exit codes: 0 proposed, 2 usage mistake or runtime failure (nothing was written).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := s.Dir
			if repoDir != "" {
				dir = s.abs(repoDir)
				if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
					return usageError{fmt.Errorf("--repo %s: the directory does not exist; give the directory of a git clone", repoDir)}
				}
			}
			repo, err := source.Open(dir)
			if err != nil {
				return err
			}
			defer repo.Close()
			c, err := repo.Resolve(ref)
			if err != nil {
				return err
			}
			p, err := adopt.Inspect(repo, c, adopt.Options{Ref: ref, Content: content})
			if err != nil {
				return err
			}
			data := p.YAML()
			if _, err := config.Parse(adopt.FileName, data); err != nil { // never propose what config refuses
				return fmt.Errorf("the proposal does not load, which is a bug in adopt: %w", err)
			}
			if !write {
				_, err := s.Out.Write(append(data, '\n'))
				return err
			}
			dst, err := adopt.Write(repo.Root, repo.Bare(), data, force)
			if errors.Is(err, adopt.ErrExists) {
				return usageError{fmt.Errorf("%s exists: adopt does not overwrite it; run without --write to see the proposal, or add --force to replace it", dst)}
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Err, "wrote %s (%d documents); review it, commit it, then run ismspack check\n", dst, p.Documents)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&repoDir, "repo", "", "repository directory (default: found from the working directory upward)")
	f.StringVar(&ref, "ref", "HEAD", "branch, tag or commit to inspect")
	f.StringVar(&content, "content", "", "the directory of the documents, relative to the repository root, instead of the one adopt would choose")
	f.BoolVar(&write, "write", false, "write ismspack.yaml at the root of the working tree")
	f.BoolVar(&force, "force", false, "with --write, replace an existing ismspack.yaml")
	return cmd
}
