window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1900000000000000404"
          ],
          "editableUntil" : "2026-03-12T20:05:12.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : [
          {
            "url" : "https://t.co/Fa11sWt8Rp",
            "expanded_url" : "https://wyvernvalehcp.example.org/reports/falls-waiting-times-2026",
            "display_url" : "wyvernvalehcp.example.org/reports/falls…",
            "indices" : [
              "164",
              "187"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "187"
      ],
      "favorite_count" : "22",
      "id_str" : "1900000000000000404",
      "truncated" : false,
      "retweet_count" : "6",
      "id" : "1900000000000000404",
      "created_at" : "Thu Mar 12 19:05:12 +0000 2026",
      "favorited" : false,
      "full_text" : "Tonight's homework: falls waiting times by ward. Nine weeks in Eastgate is not acceptable, and for the first time we've had everyone who can change it in one room. https://t.co/Fa11sWt8Rp",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1900000000000000390"
          ],
          "editableUntil" : "2026-03-12T17:40:27.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "LeadingWyvern",
            "indices" : [
              "100",
              "114"
            ]
          },
          {
            "text" : "WyvernVoices",
            "indices" : [
              "115",
              "128"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Wyvern Vale Leadership Academy",
            "screen_name" : "WVAcademy",
            "indices" : [
              "10",
              "20"
            ],
            "id_str" : "1201745533190922241",
            "id" : "1201745533190922241"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "128"
      ],
      "favorite_count" : "28",
      "id_str" : "1900000000000000390",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "1900000000000000390",
      "created_at" : "Thu Mar 12 16:40:27 +0000 2026",
      "favorited" : false,
      "full_text" : "Thank you @WVAcademy and everyone at the Ropeworks. Exhausted and hopeful, which feels about right. #LeadingWyvern #WyvernVoices",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1900000000000000376"
          ],
          "editableUntil" : "2026-03-12T16:26:10.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "LeadingWyvern",
            "indices" : [
              "17",
              "31"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "216"
      ],
      "favorite_count" : "64",
      "id_str" : "1900000000000000376",
      "truncated" : false,
      "retweet_count" : "18",
      "id" : "1900000000000000376",
      "created_at" : "Thu Mar 12 15:26:10 +0000 2026",
      "favorited" : false,
      "full_text" : "My commitment at #LeadingWyvern: by the end of April every Eastgate GP practice gets a named public health contact, and we publish healthy life expectancy by neighbourhood, not just the county average. Hold me to it.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1900000000000000334"
          ],
          "editableUntil" : "2026-03-12T14:24:55.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "LeadingWyvern",
            "indices" : [
              "104",
              "118"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Amira Haddad",
            "screen_name" : "AmiraLinksWV",
            "indices" : [
              "0",
              "13"
            ],
            "id_str" : "1550183349012717568",
            "id" : "1550183349012717568"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "118"
      ],
      "favorite_count" : "6",
      "id_str" : "1900000000000000334",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1900000000000000334",
      "created_at" : "Thu Mar 12 13:24:55 +0000 2026",
      "favorited" : false,
      "full_text" : "@AmiraLinksWV Exactly this. And the people on the street need to know who to call when they're worried. #LeadingWyvern",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1900000000000000327",
      "in_reply_to_status_id" : "1900000000000000327",
      "in_reply_to_user_id" : "1550183349012717568",
      "in_reply_to_user_id_str" : "1550183349012717568",
      "in_reply_to_screen_name" : "AmiraLinksWV"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1900000000000000299"
          ],
          "editableUntil" : "2026-03-12T12:58:44.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Farah Siddiqui",
            "screen_name" : "FarahSiddiquiWV",
            "indices" : [
              "113",
              "129"
            ],
            "id_str" : "1459022871504179203",
            "id" : "1459022871504179203"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/Wv7dAsh9Kq",
            "expanded_url" : "https://wyvernvalehcp.example.org/data/shared-dashboard",
            "display_url" : "wyvernvalehcp.example.org/data/shared-…",
            "indices" : [
              "168",
              "191"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "191"
      ],
      "favorite_count" : "19",
      "id_str" : "1900000000000000299",
      "truncated" : false,
      "retweet_count" : "5",
      "id" : "1900000000000000299",
      "created_at" : "Thu Mar 12 11:58:44 +0000 2026",
      "favorited" : false,
      "full_text" : "We already know which streets will fill A&amp;E next January. Let's act before the ambulances arrive, not after. @FarahSiddiquiWV's shared dashboard is where we start. https://t.co/Wv7dAsh9Kq",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1900000000000000257"
          ],
          "editableUntil" : "2026-03-12T12:26:30.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "LeadingWyvern",
            "indices" : [
              "14",
              "28"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "116"
      ],
      "favorite_count" : "33",
      "id_str" : "1900000000000000257",
      "truncated" : false,
      "retweet_count" : "7",
      "id" : "1900000000000000257",
      "created_at" : "Thu Mar 12 11:26:30 +0000 2026",
      "favorited" : false,
      "full_text" : "Confession at #LeadingWyvern: I once closed a stop-smoking pilot too early. Impatience isn't rigour. Lesson learned.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1900000000000000166"
          ],
          "editableUntil" : "2026-03-12T10:52:18.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "LeadingWyvern",
            "indices" : [
              "141",
              "155"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "Wyvern Vale Leadership Academy",
            "screen_name" : "WVAcademy",
            "indices" : [
              "3",
              "13"
            ],
            "id_str" : "1201745533190922241",
            "id" : "1201745533190922241"
          },
          {
            "name" : "Dr Rhiannon Pryce",
            "screen_name" : "DrRhiPryce",
            "indices" : [
              "116",
              "127"
            ],
            "id_str" : "884512230176555008",
            "id" : "884512230176555008"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "155"
      ],
      "favorite_count" : "0",
      "id_str" : "1900000000000000166",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1900000000000000166",
      "created_at" : "Thu Mar 12 09:52:18 +0000 2026",
      "favorited" : false,
      "full_text" : "RT @WVAcademy: 'Judge a place by how it treats the people who switch the lights off.' A powerful story of self from @DrRhiPryce this morning #LeadingWyvern",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1900000000000000138"
          ],
          "editableUntil" : "2026-03-12T10:19:40.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "LeadingWyvern",
            "indices" : [
              "119",
              "133"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "133"
      ],
      "favorite_count" : "87",
      "id_str" : "1900000000000000138",
      "truncated" : false,
      "retweet_count" : "31",
      "id" : "1900000000000000138",
      "created_at" : "Thu Mar 12 09:19:40 +0000 2026",
      "favorited" : false,
      "full_text" : "Eleven years of healthy life between Eastgate and Hollins Cross. Four miles apart. That's the gap we're here to close. #LeadingWyvern",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1900000000000000124"
          ],
          "editableUntil" : "2026-03-12T09:12:06.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "LeadingWyvern",
            "indices" : [
              "61",
              "75"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "120"
      ],
      "favorite_count" : "12",
      "id_str" : "1900000000000000124",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "1900000000000000124",
      "created_at" : "Thu Mar 12 08:12:06 +0000 2026",
      "favorited" : false,
      "full_text" : "On the train to Kestlebury, rereading my notes from Day 1 of #LeadingWyvern. My only aim today: listen more than I talk.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1900000000000000103"
          ],
          "editableUntil" : "2026-03-10T18:22:41.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "126"
      ],
      "favorite_count" : "41",
      "id_str" : "1900000000000000103",
      "truncated" : false,
      "retweet_count" : "9",
      "id" : "1900000000000000103",
      "created_at" : "Tue Mar 10 17:22:41 +0000 2026",
      "favorited" : false,
      "full_text" : "Proud of our school nursing team today: 400 flu vaccinations in Eastgate primaries in a week, in four languages. Quiet heroes.",
      "lang" : "en"
    }
  }
]
