package config

// EnvKeys are the ISMSPACK_* variables ApplyEnv reads into the
// configuration. A pack records those that are set, since they shape it,
// and verify sets them again to rebuild it.
var EnvKeys = []string{"ISMSPACK_ORGANISATION", "ISMSPACK_CONTENT"}
