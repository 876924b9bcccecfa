{
  "targets": [
    {
      "target_name": "paperwire_mmap",
      "sources": ["mmap.c", "topDots.c", "windowQuery.c", "termLayout.c", "readInto.c", "termAtATime.c", "credibleSegment.c", "readRecords.c", "allowedDocs.c", "permuteRows.c", "assignLeaves.c"],
      "cflags": ["-O2", "-Wall", "-ffp-contract=off", "-pthread"],
      "ldflags": ["-pthread"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
