window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "sian.ferrand@kestlebury-council.example",
      "createdVia" : "web",
      "username" : "SianFerrandDPH",
      "accountId" : "1388201457720098817",
      "createdAt" : "2021-04-30T18:02:11.000Z",
      "accountDisplayName" : "Siân Ferrand"
    }
  }
]
