package isms

import (
	"strconv"

	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/internal/parallel"
)

// cacheShards is how many entries the parsed documents and the old
// revisions' facts are each kept in, a document's in the one its path
// names (shardOf): a build after a small commit rewrites the few
// entries that hold what it changed rather than all of them, and a
// build reads and decodes the entries in parallel.
const cacheShards = 32

// shardOf is the shard that holds what the cache keeps of the document
// at path p: an FNV-1a hash of the path, the same in every process.
func shardOf(p string) int {
	h := uint32(2166136261)
	for i := 0; i < len(p); i++ {
		h ^= uint32(p[i])
		h *= 16777619
	}
	return int(h % cacheShards)
}

// shardKey is the cache key of shard i of the entry key.
func shardKey(key string, i int) string { return key + "-" + strconv.Itoa(i) }

// readShards reads the shards of the entry key of kind from c, all at
// once, each decoded by decode; a shard that is missing reads as empty,
// and one that does not decode too, after damaged is told why.
func readShards[T any](c *cache.Cache, kind, key string, decode func([]byte) (map[revID]T, error), damaged func(error)) [cacheShards]map[revID]T {
	var out [cacheShards]map[revID]T
	parallel.Each(cacheShards, 0, func(i int) {
		out[i] = map[revID]T{}
		data, ok := c.Get(kind, shardKey(key, i))
		if !ok {
			return
		}
		old, err := decode(data)
		if err != nil {
			damaged(err)
			return
		}
		out[i] = old
	})
	return out
}
