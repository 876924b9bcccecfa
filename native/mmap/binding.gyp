{
  "targets": [
    {
      "target_name": "paperwire_mmap",
      "sources": ["mmap.c", "topDots.c", "windowSurvivors.c", "readInto.c", "termAtATime.c", "credibleSegment.c", "readRecords.c"],
      "cflags": ["-O2", "-Wall", "-ffp-contract=off"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
