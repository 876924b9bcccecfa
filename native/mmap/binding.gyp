{
  "targets": [
    {
      "target_name": "paperwire_mmap",
      "sources": ["mmap.c"],
      "cflags": ["-O2", "-Wall"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
