"""Hand-written word lists of the entity recogniser (:mod:`etl.enrich.entities`).

Written for this project from general knowledge (no corpus was copied): given names common in
international news, organisations that carry no cue word (agencies, central banks, brokers,
banks, companies, parties, armed groups, government bodies, clubs; for wire copy also the clubs of
seven football leagues and the US major leagues, exchanges, airlines, carmakers, oil companies and
cricket counties), titles, corporate suffixes, demonyms and the capitalised words of headlines and
wire slugs. None is taken from the gmb dev set. ``tools/ner/build_model.py``
adds what it learns from wikigold on top (``etl/enrich/data/ner_model.json``).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _names(text: str) -> tuple[str, ...]:
    return tuple(" ".join(n.split()) for n in text.split(",") if n.strip())


#: Given names: a capitalised run that starts with one is a person unless something else says otherwise.
FIRST_NAMES = _words(
    """
    Aaron Abdul Abdullah Abdel Abu Adam Adrian Ahmad Ahmed Aidan Alan Albert Alberto Alejandro Aleksandr Alex
    Alexander Alexandre Alexei Alfred Alfonso Ali Alice Alicia Alison Allan Allen Amanda Amir Amy Ana Anatoly
    Anders Andre Andrea Andreas Andrei Andres Andrew Andy Angela Angelo Ann Anna Anne Annie Anthony Antonio
    Anwar Arnold Arthur Asif Ashraf Ayman Barack Barbara Barry Bashar Ben Benazir Benjamin Benny Bernard Bernie
    Bill Billy Bob Bobby Boris Brad Brendan Brent Brian Bruce Bruno Carl Carla Carlos Carol Caroline Catherine Cesar
    Charles Charlie Chris Christian Christina Christine Christopher Chuck Claire Clare Claude Claudia Colin
    Condoleezza Craig Dan Daniel Daniela Danny Dave David Dean Denis Dennis Derek Diana Dick Dieter Dmitry
    Dominique Don Donald Doug Douglas Dwight Ed Eddie Edward Eduardo Elena Elizabeth Ellen Emily Emma Enrique
    Eric Erik Ernesto Ernst Eugene Evan Evo Fernando Fidel Francesco Francis Francisco Franco Frank Franz Fred
    Frederick Friedrich Gary Gene George Georg Gerald Gerhard Gordon Graham Greg Gregory Guido Gustavo Hamid
    Hans Harold Harry Hassan Heinz Helen Helmut Henri Henry Herbert Hillary Hosni Howard Hu Hugo Hussein Ian
    Ibrahim Igor Ismail Ivan Jack Jacob Jacques Jaime James Jamie Jan Jane Janet Jason Javier Jean Jeff Jeffrey
    Jennifer Jeremy Jerry Jessica Jim Jimmy Joachim Joan Joe Joel Johan Johann John Johnny Jon Jonathan Jorge
    Jose Joseph Josh Juan Julia Julian Julie Justin Kamal Karen Karl Kate Katherine Kathleen Kathy Keith Ken
    Kenneth Kevin Khalid Kim Klaus Kofi Kurt Larry Laura Laurent Lee Leonid Leslie Linda Lisa Louis Luc Luis
    Luiz Lynn Mahmoud Manuel Marc Marco Marcus Margaret Maria Marie Mario Mark Martin Mary Matt Matthew Maurice
    Max Michael Michel Michelle Miguel Mike Mikhail Mohamed Mohammad Mohammed Muhammad Nancy Nawaz Neil Nelson
    Nicholas Nick Nicolas Nicole Nigel Nikolai Noor Nouri Olga Oliver Omar Oscar Osama Otto Pablo Patrick Paul
    Paula Pedro Pervez Peter Phil Philip Philippe Pierre Rachel Rafael Rahul Raja Ralph Ramon Raul Ray Raymond
    Rebecca Recep Richard Rick Rob Robert Roberto Robin Roger Roland Romano Ron Ronald Rory Ross Roy Ruth Ryan
    Saddam Salman Sam Samuel Sandra Sarah Scott Sean Sebastian Sergei Sergey Shimon Silvio Simon Sonia Stefan
    Stephen Steve Steven Stuart Susan Tariq Ted Terry Thabo Thomas Tim Timothy Todd Tom Tommy Tony Valerie
    Vicente Victor Viktor Vincent Vladimir Walter Wayne Werner Wen William Willie Wolfgang Xavier Yasser Yuri
    Yusuf Zalmay Abdelaziz Ehud Ariel Benjamin Yitzhak Hamid Jalal Moqtada Nuri Ayad Iyad Kim Junichiro Shinzo
    Taro Yoshihiro Ryutaro Manmohan Atal Sonia Narendra Jacob Nelson Robert Olusegun Goodluck Muammar Hosni
    Abdelaziz Zine Ben Jalal Ismail Ehud Tzipi Mahmud Nasser Omar Kamel Nabil Saeb Yousef Yusuf Haider
    Angela Gerhard Helmut Nicolas Francois François Jacques Lionel Dominique Segolene Ségolène Jose José Mariano
    Felipe Romano Silvio Matteo Giorgio Giuseppe Gianni Mario Massimo Dmitri Dmitry Mikhail Boris Yegor Gennady
    Viktor Yulia Leonid Nursultan Islam Alexander Lech Aleksander Donald Jaroslaw Vaclav Vaclav Viktor Ferenc
    Recep Ahmet Abdullah Kemal Tansu Bulent Mesut Hamid Ashraf Hamid Ghulam Gulbuddin Pervez Yousuf Asif Imran
    Benazir Nawaz Shahbaz Rajiv Indira Sonia Manmohan Lal Pranab Mahinda Chandrika Ranil Sheikh Hasina Khaleda
    Thaksin Abhisit Yingluck Susilo Megawati Joko Gloria Joseph Benigno Rodrigo Ferdinand Lee Goh Mahathir
    Najib Anwar Kevin Julia John Malcolm Tony Helen Jacinda Stephen Justin Jean Brian Pierre Paul Kim Roh Moon
    Park Shinzo Junichiro Naoto Yukio Taro Hu Wen Xi Li Jiang Zhu Zhou Deng Mao Ma Chen Lien Tsai Fidel Raul
    Hugo Nicolas Evo Rafael Alvaro Juan Cristina Nestor Dilma Lula Michelle Ollanta Alan Alberto Vicente
    Felipe Enrique Andres Daniel Violeta Oscar Manuel Mauricio Sebastian Michele Ricardo Luiz Inacio
    Yoweri Paul Robert Morgan Jacob Thabo Kgalema Cyril Raila Mwai Uhuru Meles Isaias Omar Salva Riek
    Olusegun Umaru Goodluck Muhammadu Ellen Charles Laurent Alassane Blaise Abdoulaye Macky Amadou Idriss
    Kofi Ban Boutros Javier Dag Kurt Perez Trygve Hamid Hans Mohamed Mohammed Muhammad Mahmoud Mahmud Hassan
    Hosni Anwar Gamal Amr Ayman Osama Abu Musab Hamid Gulbuddin Jalaluddin Sirajuddin Baitullah Hakimullah
    Condoleezza Colin Hillary Madeleine Warren Henry Donald Dick Robert Chuck Ash Leon Caspar Cyrus
    Hugh Leo Neil Gareth Glenn Graham Ruth Lucy Sophie Hannah Olivia Amelia Grace Chloe Harriet Fiona Gemma
    Dennis Duncan Gavin Geoff Gerry Gillian Hamish Iain Jeremy Jonny Kenny Kirsty Liam Malcolm Martyn Nadine
    Nathan Niall Owen Phillip Rhys Rupert Russell Stewart Toby Trevor Tristan Vince Wendy Yvonne Zoe Alastair
    Seun Fela Juergen Jürgen Kiichi Hisham Getulio Aleksandar Branislav Pera Dragan Zoran Slobodan Milan Goran
    Vojislav Boris Radovan Ratko Franjo Alija Hashim Ibrahim Ismail Jalal Kamal Khaled Mustafa Nabil Nasser Rafiq
    Sujatha Sushma Priya Sunita Anil Sunil Rajesh Amit Vijay Arun Ajay Sanjay Ravi Rakesh Suresh Ramesh Deepak
    Aizaz Shaukat Sartaj Shah Mehmood Asma Fatima Aisha Ayesha Zainab Khadija Leila Layla Yasmin Nadia Samira
    Ernie Nick Greg Fred Sandy Seve Bernhard Ian Jose-Maria Vijay Retief Padraig Darren Lee Colin Corey Payne
    Pete Andre Goran Yevgeny Thomas Michael Marcelo Sergi Carlos Alberto Felix Wayne Cedric Todd Richey Jonas
    Magnus Mats Stefan Bjorn Björn Anders Lars Nils Henrik Jens Ole Sven Per Kjell Leif Espen Jan-Ove Tomas
    Jiri Jaromir Jana Petr Pavel Milos Miroslav Vladimir Zdenek Karel Martina Helena Ivan Dominik Marek Jaroslav
    Piotr Krzysztof Tomasz Andrzej Wojciech Jerzy Jacek Grzegorz Marcin Zbigniew Aleksander Kazimierz Lech
    Gyula Laszlo László Istvan István Zoltan Zoltán Sandor Sándor Attila Gabor Gábor Tamas Ferenc Imre Csaba
    Ion Ilie Gheorghe Nicolae Dan Adrian Florin Gica Marius Mircea Constantin Emil Traian Viorel Iulian
    Hristo Stoyan Dimitar Krasimir Georgi Todor Zhelyu Petar Nikola Dejan Predrag Sinisa Darko Davor Zvonimir
    Dario Alen Robert Slaven Dragan Savo Dejan Zeljko Milorad Momcilo Biljana Mirjana Ljubisa Alija Haris
    Yevgeny Yegor Andrei Anatoly Gennady Valery Valeri Vitaly Vyacheslav Oleg Arkady Aleksei Alexei Dmitri
    Yury Yuri Boris Pyotr Konstantin Nikita Grigory Mikhail Ruslan Aslan Dzhokhar Shamil Akhmed Alla Tatiana
    Tatyana Natalia Natalya Svetlana Irina Yelena Lyudmila Galina Anastasia Oksana Olena Petro Leonid Volodymyr
    Jürgen Juergen Hans-Dietrich Hans-Jürgen Karl-Heinz Klaus-Peter Manfred Horst Uwe Rudolf Rudi Berti Jupp
    Lothar Matthias Mathias Oliver Jens Sebastian Jörg Joerg Rolf Theo Theodor Wilhelm Willi Ulrich Ulf Ingo
    Detlef Dietmar Gunter Günter Guenter Gerd Hartmut Heiko Holger Jochen Kai Norbert Ottmar Reiner Rainer
    Reinhard Sepp Steffi Boris Franziska Angelika Birgit Heike Katarina Kerstin Monika Sabine Ursula Hannelore
    Pieter Piet Johan Johannes Jaap Joop Wim Willem Hendrik Henk Ruud Ronald Frank Marco Dennis Edgar Clarence
    Patrick Gerrit Guus Hans Dick Arie Koos Kees Frits Wouter Bart Dirk Luc Jean-Luc Jean-Marie Jean-Pierre
    Jean-Claude Jean-Paul Jean-Louis Jean-Michel Jean-Jacques Pierre-Yves Francois-Xavier Alain Bernard Bertrand
    Christophe Didier Edouard Emmanuel Eric Fabien Fabrice Gerard Gérard Gilles Guy Herve Hervé Jacques Jerome
    Jérôme Laurent Lionel Marcel Mathieu Olivier Pascal Patrice Philippe Raymond Rene René Serge Stephane
    Stéphane Sylvain Thierry Yannick Yves Zinedine Youri Amelie Catherine Corinne Isabelle Martine Nathalie
    Sandrine Sylvie Veronique Véronique Ségolène Giovanni Giuseppe Giacomo Giancarlo Gianluca Gianfranco Luca
    Lorenzo Alessandro Alessandra Andrea Antonio Carlo Claudio Davide Enrico Fabio Federico Filippo Franco
    Gabriele Luciano Luigi Marcello Mauro Nicola Paolo Pietro Raffaele Renato Roberto Salvatore Sergio Stefano
    Umberto Vincenzo Walter Zdenek Arrigo Lamberto Oscar Massimo Romano Silvio Gianni Fausto Ciriaco Achille
    Alejandro Alfonso Alvaro Álvaro Andres Andrés Angel Ángel Arturo Cesar César Diego Emilio Esteban Fernando
    Francisco Gonzalo Guillermo Ignacio Javier Jesus Jesús Joaquin Joaquín Jorge Julio Luis Manuel Miguel Pablo
    Pedro Rafael Ramon Ramón Ricardo Rodrigo Santiago Sergio Txiki Xabier Arantxa Conchita Carmen Pilar Dolores
    Joao João Jose José Luiz Marcos Paulo Ronaldo Romario Romário Rivaldo Bebeto Zico Cafu Gilberto Fernando
    Ayrton Rubens Nelson Emerson Fernando Rui Luis Nuno Vitor Vítor Mario Mário Anibal Aníbal Jorge Antonio
    Mehmet Mustafa Ahmet Murat Hakan Tansu Suleyman Süleyman Necmettin Mesut Bulent Bülent Yilmaz Ertugrul
    Ali Hassan Hussein Husein Abdel Abdul Abdallah Abdullah Abdulaziz Ahmed Akram Amin Amr Anwar Ayman Bashir
    Farouk Farid Fuad Hafez Hosni Ibrahim Issam Jamal Jamil Karim Khaled Mahmoud Marwan Mohsen Moustafa Nabil
    Naguib Nasser Omar Osama Rafik Saad Saddam Salah Salim Sami Samir Tarek Tareq Walid Yasser Youssef
    Ehud Shimon Yitzhak Benjamin Ariel Yossi Moshe David Avraham Dan Uri Natan Shlomo Amnon Eliyahu Yehuda
    Akbar Akhtar Altaf Farooq Imran Javed Mushtaq Nawaz Sanath Arjuna Aravinda Muttiah Sachin Sourav Rahul
    Anil Kapil Sunil Mohammad Mohammed Wasim Waqar Inzamam Saeed Aamir Shane Glenn Mark Steve Allan Ricky
    Brian Alec Graham Mike Nasser Dominic Darren Dermot Jacques Hansie Allan Shaun Gary Kepler Fanie Jonty
    Curtly Courtney Carl Richie Shivnarine Desmond Viv Clive Sanjay Jacob Thabo Cyril Mangosuthu Winnie
    Kenneth Robert Daniel Jomo Julius Kenneth Yoweri Laurent Mobutu Sese Joseph Pascal Charles Boutros
    Wei Jiang Li Zhu Qian Rong Deng Peng Qiao Lien Chien Lee Teng-hui Kim Young-sam Dae-jung Jong-il Kiichi
    Ryutaro Tomiichi Yohei Morihiro Tsutomu Toshiki Masayoshi Kiyoshi Hideo Hidetoshi Kazuyoshi
    Mahathir Anwar Fidel Corazon Benazir Rajiv Atal Narasimha Inder
    Cal Darryl Deion Shaquille Hakeem Dikembe Patrik Teemu Brett Emmitt Troy Sammy Reggie Scottie Latrell Alonzo
    Dwight Jesper Costantino MaliVai Arnaud Sebastien Sébastien Monica Lindsay Iva Anke Kimiko Chanda Naoko Magdalena
    Judith Gigi Brenda Mariaan Ruxandra Yayuk Henrieta Ludmila Larisa Natasha Meredith Saqlain Ijaz Moin Ronnie
    Teddy Les Stan Jordi Fabrizio Ruud Jari Gheorghe Hristo Predrag Dejan Kennet Tore Ole-Gunnar Brede Aung
    Lleyton Imelda Cate Kylie Dido Keanu Uma Renee Renée Hilary Leonardo Clint Jamie Robbie Faustino
    """
)

#: Titles and honorifics. Before a name they mark a person; they are never part of it.
TITLES = _words(
    """
    Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Sir Dame Lord Lady Baroness Baron King Queen Prince Princess Pope Sheikh
    Sheik President Vice Prime Minister Secretary Deputy Chancellor Governor Gov. Senator Sen. Rep. Representative
    Congressman Congresswoman Mayor Judge Justice General Gen. Lt. Lieut. Col. Colonel Capt. Captain Major Maj.
    Sgt. Sergeant Admiral Adm. Commander Cmdr. Chief Executive Director Chairman Chairwoman Ambassador Commissioner
    Coach Manager Spokesman Spokeswoman Spokesperson Speaker Leader Prof. Professor Rev. Reverend Father Bishop
    Archbishop Cardinal Rabbi Imam Ayatollah Cleric Officer Inspector Insp. Supt. Superintendent Detective
    Attorney Pres. Premier Minister-President Secretary-General Secretary-general Director-General President-elect
    Vice-President Vice-Chairman Vice-Premier Chief Emir Crown Sultan Grand Field Marshal Brigadier Lieutenant
    Corporal Private Pvt. Sgt Mullah Dalai Lama Mufti Patriarch Metropolitan Ayatollah Hojatoleslam Saint
    Treasurer Comptroller Auditor Counsel Solicitor Barrister Magistrate Constable Sheriff Marshal Warden
    Envoy Delegate Negotiator Mediator Analyst Economist Strategist Chairperson CEO President-Elect Dean
    Prosecutor Laureate Actor Actress Singer Rapper Novelist Author Poet Pianist Conductor Nobel Peace
    Coach Captain Skipper Striker Midfielder Defender Goalkeeper Forward Winger Pitcher Quarterback
    Scrum-half Fly-half Full-back Fullback Centre-half Centre-back Wing-back Left-back Right-back Flanker
    Wicketkeeper Wicket-keeper All-rounder Opener Batsman Bowler Spinner Paceman Seamer Shortstop Playmaker
    Leg-spinner Off-spinner Promoter Referee Umpire Trainer Jockey
    Rev Mgr. Monsignor Sister Brother Dr Fr. Fr Drs Messrs Mme Mlle Herr Frau Senor Señor Signor Shri Sri
    Defense Defence Foreign Home Interior Finance Trade Culture Health Education Energy Treasury State Economy
    Labour Labor Environment Transport Agriculture Development Industry Justice Information Commerce Oil
    Petroleum Planning Security Intelligence Budget Sports Sport Tourism Communications Social Welfare Works
    Pensions Shadow Acting Former Ex Then Outgoing Incoming Interim Caretaker Junior Senior Assistant Associate
    Principal Permanent Special Under Undersecretary Under-Secretary Parliamentary Cabinet Party Opposition
    Senate Majority Minority Whip House Military Army Navy Air Force Police Palestinian Exchequer Affairs
    """
)
#: Titles that are a person's name in news copy (CoNLL's PER): ``the Dalai Lama said``.
TITLED_PEOPLE = frozenset(("Dalai Lama", "Panchen Lama", "Aga Khan"))
#: Titles that mark a person even alone (``Mr Blair``); the others only help (``Foreign``, ``State``).
STRONG_TITLES = _words(
    """
    Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Sir Dame Lord Lady Baroness Baron King Queen Prince Princess Pope Sheikh Sheik
    President Prime Minister Secretary Chancellor Governor Gov. Senator Sen. Rep. Representative Congressman
    Congresswoman Mayor Judge Justice General Gen. Lt. Lieut. Col. Colonel Capt. Captain Major Maj. Sgt. Sergeant
    Admiral Adm. Commander Cmdr. Chairman Chairwoman Ambassador Commissioner Coach Spokesman Spokeswoman
    Spokesperson Speaker Leader Prof. Professor Rev. Reverend Father Bishop Archbishop Cardinal Rabbi Imam
    Ayatollah Cleric Inspector Supt. Superintendent Detective Premier Secretary-General Secretary-general
    Director-General President-elect Vice-President Emir Sultan Brigadier Lieutenant Mullah Mufti Patriarch
    Envoy Monsignor Mgr. Fr. Mme Herr Frau Senor Señor Shri Chief Director Manager Executive Negotiator
    Prosecutor Laureate Actor Actress Singer Rapper Novelist Author Poet Pianist Conductor
    Scrum-half Fly-half Full-back Fullback Centre-half Centre-back Wing-back Left-back Right-back Flanker
    Wicketkeeper Wicket-keeper All-rounder Batsman Paceman Seamer Shortstop Playmaker Leg-spinner Off-spinner
    Promoter Referee Umpire
    """
)

#: Corporate suffixes: never a name alone; after a name they make it an organisation.
CORPORATE_SUFFIXES = _words(
    """
    Inc Inc. Corp Corp. Co Co. Ltd Ltd. Plc PLC plc AG NV N.V. SA S.A. SpA S.p.A. GmbH BV B.V. LP L.P. LLC
    L.L.C. Cos Cos. Bhd Bhd. KK K.K. AB ASA Oyj Oy PT Tbk Pty Pty. Limited Incorporated Corporation SE AS A/S
    SAB CV C.V. NL Lda Srl S.r.l. Sarl SARL
    """
)

#: The last word of an organisation's name.
ORG_CUES = _words(
    """
    Inc Inc. Corp Corp. Corporation Ltd Ltd. plc PLC Plc Co Co. Company Companies Cos Group Holdings Holding
    Bank Bancorp Bankers Ministry Department Party Council University Agency Association Associations Commission
    Committee Network Federation Union Institute Institution Foundation Authority Organisation Organization Court
    Parliament Senate Congress Assembly Board Trust Society Exchange College School Academy Hospital Service
    Services Office Bureau Police Army Navy Force Forces Airlines Airways Air Motors Motor Systems Technologies
    Technology Industry Labs Laboratories Records Studios Pictures Entertainment Media Broadcasting Fund Reserve Industries
    Industrie
    Club FC F.C. AFC CF SC United Rovers Athletic Athletico Wanderers Albion Hotspur Rangers Celtic League Alliance
    Coalition Movement Front Brigade Brigades Church Museum Theatre Orchestra Press Times Post Journal Herald
    Tribune Guardian Telegraph Independent Observer Economist Chronicle Gazette Mail Mirror Express Globe Monitor
    Review Magazine Newspaper Radio Television TV Channel Corps Guard Guards Regiment Division Battalion Cabinet
    Government Administration Secretariat Tribunal Commissioners Partners Associates Securities Investments
    Investors Capital Management Finance Financial Insurance Assurance Energy Oil Petroleum Gas Chemicals
    Chemical Pharmaceuticals Pharmaceutical Electronics Electric Steel Mining Mines Resources Airport Railways
    Railway Communications Telecom Telecommunications Petroleos Petroleum Brothers Bros Bros. Stores Foods
    Brewery Breweries Mills Motors Automobiles Software Computers Computer Microsystems Semiconductor Networks
    Interactive Games Publishing Publishers Books Records Music Studio Bancshares Credit Savings Lines Shipping
    Lines Ventures Enterprises Consortium Cooperative Co-operative Syndicate Institute Center Centre Centers
    Directorate Inspectorate Commissariat Command Unit Squad Taskforce Team Council Chamber Conference Caucus
    Tigers Panthers Militia Fighters Mujahideen Order Brotherhood Jihad Hamas Clinic Laboratory Observatory
    Survey Mission
    """
)
#: Cue words that head a name before ``of``: ``Bank of England``, ``Ministry of Defence``.
ORG_HEADS = _words(
    """
    Ministry Department University Bank Bureau Institute Council Office Federation Association Commission
    Committee Court Church Museum College Academy Board Society Union League House Chamber Organisation
    Organization Agency Party Government Parliament Assembly Congress Federation Confederation Conference
    Movement Front Army Corps School Secretariat Tribunal Fund Alliance League Order Brotherhood Friends
    Coalition Embassy Consulate Directorate Authority Commonwealth Cabinet Council Centre Center Institute
    Port Exchange Group Society Board Trust Foundation Union Organisation Senate Diet Kingdom
    """
)
#: Newspapers keep their leading ``The`` (``The Washington Post``).
NEWSPAPER_CUES = _words(
    "Times Post Journal Herald Tribune Guardian Telegraph Independent Observer Economist Chronicle Gazette Mail "
    "Mirror Express Sun Globe Monitor Review Star Standard Inquirer Nation Hindu Dawn"
)

#: Organisations without a cue word, by their usual names in news copy (longest match wins).
KNOWN_ORGANISATIONS = _names(
    """
    Reuters, Reuter, Associated Press, AP, Agence France-Presse, AFP, Xinhua, Itar-Tass, ITAR-TASS, Tass, TASS,
    Interfax, RIA Novosti, Kyodo, Kyodo News, Jiji, Yonhap, Bloomberg, Dow Jones, Bernama, Antara, Anatolia,
    IRNA, Fars, ISNA, MENA, Al Jazeera, Al-Jazeera, Al Arabiya, BBC, CNN, ABC, CBS, NBC, Fox News, Sky News,
    BBC Radio Five Live, Radio Five Live, Five Live, BBC World Service, World Service,
    Press Trust of India, PTI, United Press International, UPI, Deutsche Presse-Agentur, dpa, ANSA, EFE,
    Bundesbank, Federal Reserve, Fed, European Central Bank, ECB, Bank of England, Bank of Japan, Bank of France,
    Banque de France, Bank of Canada, Reserve Bank of Australia, Reserve Bank of India, Swiss National Bank,
    Riksbank, Norges Bank, People's Bank of China, Bank of Korea, Banca d'Italia, Bank of Italy,
    Goldman Sachs, Merrill Lynch, Morgan Stanley, Salomon Brothers, Salomon, Shearson Lehman, Shearson,
    Lehman Brothers, Lehman, JP Morgan, J.P. Morgan, JPMorgan, Morgan Guaranty, Citigroup, Citibank, Citicorp,
    Chase Manhattan, Bank of America, Wells Fargo, First Boston, Credit Suisse, UBS, Union Bank of Switzerland,
    Deutsche Bank, Dresdner Bank, Commerzbank, Barclays, HSBC, Lloyds, NatWest, Midland, BNP Paribas, Paribas,
    Societe Generale, Société Générale, Credit Lyonnais, ABN Amro, ING, Nomura, Daiwa, Nikko, Yamaichi,
    Kidder Peabody, Drexel Burnham, Drexel Burnham Lambert, PaineWebber, Paine Webber, Prudential-Bache, Smith
    Barney, Dean Witter, E.F. Hutton, Bear Stearns, Warburg, S.G. Warburg, Schroders, Kleinwort Benson,
    Standard and Poor's, Standard & Poor's, S&P, Moody's, Moody's Investors Service, Fitch, Nasdaq, NYSE,
    Microsoft, Apple, Google, IBM, Intel, Oracle, Sony, Toyota, Honda, Nissan, Ford, Chrysler, General Motors, GM,
    General Electric, GE, Exxon, Mobil, ExxonMobil, Texaco, Chevron, Shell, Royal Dutch Shell, Royal Dutch/Shell,
    BP, British Petroleum, Total, Elf, Eni, Gazprom, Rosneft, Lukoil, Yukos, Saudi Aramco, Aramco, Pemex,
    Petrobras, PDVSA, Boeing, Airbus, Lockheed, Lockheed Martin, Siemens, Volkswagen, Daimler, Daimler-Benz,
    DaimlerChrysler, BMW, Fiat, Renault, Peugeot, Nestle, Nestlé, Unilever, Philips, Nokia, Ericsson, Samsung,
    Hyundai, LG, Mitsubishi, Mitsui, Sumitomo, Hitachi, Toshiba, Panasonic, Matsushita, Fujitsu, NEC, Canon,
    Amazon, Facebook, Twitter, Yahoo, eBay, Netflix, Disney, Walt Disney, Time Warner, AOL, Viacom, News Corp,
    Wal-Mart, Walmart, McDonald's, Coca-Cola, Pepsi, PepsiCo, Procter & Gamble, Procter and Gamble, Nike,
    AT&T, Verizon, Vodafone, BT, Deutsche Telekom, France Telecom, Telefonica, Alcatel, Motorola, Cisco,
    Hewlett-Packard, HP, Dell, Compaq, Xerox, Kodak, 3M, DuPont, Dow Chemical, Monsanto, Pfizer, Merck,
    GlaxoSmithKline, Glaxo, Novartis, Roche, Bayer, BASF, Hoechst, Aventis, AstraZeneca, Enron, WorldCom,
    Halliburton, Blackwater, Lufthansa, British Airways, Air France, KLM, Qantas, Aeroflot, Emirates, Alitalia,
    Iberia, Swissair, Pan Am, TWA, Rolls-Royce, De Beers, Anglo American, Rio Tinto, BHP, BHP Billiton,
    United Nations, UN, U.N., European Union, EU, E.U., European Community, EC, European Commission,
    European Parliament, NATO, Nato, North Atlantic Treaty Organization, OPEC, Opec, IMF, International
    Monetary Fund, World Bank, WTO, World Trade Organization, GATT, OECD, African Union, AU, Arab League,
    League of Arab States, ASEAN, Asean, APEC, Apec, G7, G8, G20, Group of Seven, Group of Eight, Commonwealth,
    Organization of American States, OAS, Organization of the Islamic Conference, OIC, OSCE, Red Cross,
    International Committee of the Red Cross, ICRC, Red Crescent, Amnesty International, Human Rights Watch,
    Reporters Without Borders, Medecins Sans Frontieres, Médecins Sans Frontières, Doctors Without Borders,
    Greenpeace, Oxfam, UNICEF, Unicef, UNESCO, Unesco, UNHCR, UN High Commissioner for Refugees,
    U.N. High Commissioner for Refugees, United Nations High Commissioner for Refugees, High Commissioner for Refugees, WHO, World Health Organization, FAO, WFP,
    World Food Program, World Food Programme, IAEA, International Atomic Energy Agency, Interpol, Europol,
    Security Council, U.N. Security Council, UN Security Council, United Nations Security Council, General Assembly,
    U.N. General Assembly, UN General Assembly, United Nations General Assembly, International Court of
    Justice, International Criminal Court, ICC, FIFA, UEFA, IOC, International Olympic Committee, NBA, NFL, NHL,
    MLB, ATP, WTA, Interior Ministry, Foreign Ministry, Defense Ministry,
    White House, Pentagon, Kremlin, Congress, Senate, House of Representatives, House of Commons, House of Lords,
    Parliament, Knesset, Duma, State Duma, Bundestag, Bundesrat, Diet, Majlis, Sejm, Rada, Verkhovna Rada,
    Supreme Court, State Department, Justice Department, Treasury, Pentagon, CIA, FBI, NSA, NASA, EPA, FDA, SEC,
    Securities and Exchange Commission, Federal Trade Commission, FTC, Federal Aviation Administration, FAA,
    Internal Revenue Service, IRS, Scotland Yard, MI5, MI6, Mossad, KGB, FSB, ISI, Downing Street, Elysee,
    Élysée, Quai d'Orsay, Whitehall, Vatican, Holy See, Politburo, Central Committee, Communist Party,
    Labour, Labour Party, Conservatives, Conservative Party, Tories, Liberal Democrats, Lib Dems, Lib Dem, Democrats,
    Commons, Lords,
    Democratic Party, Republicans, Republican Party, GOP, Likud, Kadima, Labor Party, Shas, Fatah, Hamas,
    Hezbollah, Hizbollah, Islamic Jihad, Taliban, Taleban, al-Qaida, al-Qaeda, Al-Qaeda, Al-Qaida, Al Qaeda,
    al Qaeda, Qaeda, Qaida, ETA, IRA, Sinn Fein, Sinn Féin, PLO, ANC, African National Congress, Zanu-PF,
    ZANU-PF, MDC, PKK, Tamil Tigers, Tamil Tiger, LTTE, FARC, ELN, Shining Path, Sendero Luminoso, Khmer Rouge, Muslim
    Brotherhood, Janjaweed, Lashkar-e-Taiba, Jaish-e-Mohammed, Abu Sayyaf, Jemaah Islamiyah, Boko Haram,
    al-Shabab, Al-Shabab, Shabab, Mahdi Army, Hezb-i-Islami, Christian Democrats, Social Democrats, SPD, CDU,
    CSU, FDP, Greens, Gaullists, Socialists, Socialist Party, BJP, Bharatiya Janata Party, Congress Party,
    PPP, Pakistan People's Party, Pakistan Muslim League, PML-N, Awami League, Kuomintang, KMT, Fianna Fail,
    Fine Gael, UMP, PSOE, Popular Party, Forza Italia, Northern League, Christian Democratic Union, Solidarity,
    Solidarnosc, New Democracy, PASOK, Syriza, Podemos, Ennahda, Baath Party, Ba'ath Party, Polisario,
    Daewoo, Goldstar, Mitsubishi Electric, Nippon Steel, NTT, Nomura Securities, Deutsche Telekom, Mannesmann,
    Thyssen, Krupp, Veba, RWE, Allianz, Munich Re, Dresdner, Hypobank, Bayerische Vereinsbank, Volvo, Saab,
    Electrolux, ABB, Nestle SA, Ciba-Geigy, Sandoz, Credit Suisse First Boston, SBC, Swiss Bank Corp,
    Generali, Olivetti, Pirelli, Montedison, Telecom Italia, STET, Alcatel Alsthom, Thomson-CSF,
    Michelin, Danone, LVMH, Elf Aquitaine, Credit Agricole, Vivendi, Accor, Carrefour, Repsol,
    Telefonica de Espana, Cathay Pacific, Jardine Matheson, Hutchison Whampoa, Cheung Kong, HSBC Holdings,
    Singapore Airlines, Petronas, Infosys, Wipro, Bank Negara, Bank Indonesia,
    Anglo American Corp, Gencor, Sasol, Eskom, Barlow Rand, Placer Dome, Alcan, Noranda, Seagram,
    Nortel, Northern Telecom, Bombardier, BCE, Molson, Labatt, Newmont, Barrick,
    Caterpillar, Ford Motor, General Dynamics, McDonnell Douglas, Northrop, Raytheon, Textron, Honeywell,
    Unisys, Digital Equipment, Apple Computer, Sun Microsystems, Novell, Netscape, Lotus, Borland,
    American Express, MasterCard, Citicorp, BankAmerica, NationsBank, Chemical Banking, First Chicago,
    Fannie Mae, Freddie Mac, Salomon Brothers, Sotheby's, Christie's, Lloyd's, Lloyd's of London,
    Conrail, Union Pacific, Amtrak, Greyhound, United Airlines, American Airlines, Delta Air Lines,
    Northwest Airlines, Continental Airlines, USAir, Southwest Airlines, Air Canada, Virgin, Virgin Atlantic,
    Aer Lingus, SAS, Sabena, Olympic Airways, El Al, Cathay, JAL, Japan Airlines, ANA, Korean Air
    """
)

#: Clubs written for the second entity branch (ner2): football in Europe and South America, a few US
#: teams. A name of these or of :data:`SPORTS_CLUBS` marks a sports page (``Liverpool's Robbie
#: Fowler`` is then the club).
CLUBS = _names(
    """
    Manchester United, Man United, Man Utd, Manchester City, Arsenal, Chelsea, Liverpool FC, Everton,
    Tottenham, Tottenham Hotspur, Spurs, Aston Villa, Newcastle United, Newcastle, West Ham, West Ham United,
    Leeds United, Leeds, Southampton, Sheffield Wednesday, Sheffield United, Nottingham Forest, Blackburn Rovers,
    Blackburn, Middlesbrough, Sunderland, Coventry, Coventry City, Wimbledon, Derby County, Leicester City,
    Queens Park Rangers, QPR, Bolton Wanderers, Wolverhampton Wanderers, Wolves, West Bromwich Albion,
    West Brom, Crystal Palace, Charlton Athletic, Charlton, Fulham, Ipswich, Ipswich Town, Norwich City,
    Portsmouth, Birmingham City, Celtic, Rangers, Aberdeen, Hearts, Hibernian, Dundee United, Real Madrid,
    Barcelona, Atletico Madrid, Atlético Madrid, Valencia CF, Sevilla, Deportivo, Real Sociedad, Athletic
    Bilbao, Bayern Munich, Bayern, Borussia Dortmund, Dortmund, Schalke, Werder Bremen, Hamburg SV, Bayer
    Leverkusen, Juventus, AC Milan, Inter Milan, Internazionale, Inter, Lazio, Roma, AS Roma, Napoli,
    Fiorentina, Sampdoria, Parma, Ajax, Ajax Amsterdam, PSV Eindhoven, PSV, Feyenoord, Porto, Benfica,
    Sporting Lisbon, Paris St Germain, Paris Saint-Germain, PSG, Olympique Marseille, Marseille, Monaco,
    Bordeaux, Lyon, Anderlecht, Galatasaray, Fenerbahce, Besiktas, Dynamo Kiev, Spartak Moscow, CSKA Moscow,
    Boca Juniors, River Plate, Flamengo, Santos, Los Angeles Lakers, Lakers, Boston Celtics, Chicago Bulls,
    New York Yankees, Yankees, Boston Red Sox, Red Sox, New York Mets, Dallas Cowboys, New England Patriots,
    Green Bay Packers, Toronto Maple Leafs, Montreal Canadiens,
    Udinese, Atalanta, Reggiana, Cremonese, Torino, Real Betis, Betis, Espanyol, Celta Vigo, Real Zaragoza,
    Racing Santander, Rayo Vallecano, Sporting Gijon, Real Oviedo, Real Valladolid, Vitesse, Vitesse Arnhem,
    Twente, FC Twente, Heerenveen, NAC Breda, Willem II, Roda JC, Sparta Rotterdam, Fortuna Sittard,
    NEC Nijmegen, RKC Waalwijk, De Graafschap, Borussia Moenchengladbach, Borussia Monchengladbach,
    Hansa Rostock, VfB Stuttgart, VfL Bochum, Eintracht Frankfurt, Hertha Berlin,
    Fortuna Duesseldorf, Arminia Bielefeld, MSV Duisburg, St Pauli, Schalke 04, 1860 Munich, Olympiakos,
    Olympiacos, Panathinaikos, AEK Athens, PAOK, Steaua Bucharest, Steaua, Dinamo Bucharest, Rapid Vienna,
    Austria Vienna, Sturm Graz, Slavia Prague, Sparta Prague, Ferencvaros, Legia Warsaw, Widzew Lodz,
    Red Star Belgrade, Partizan Belgrade, Hajduk Split, Croatia Zagreb, Dinamo Zagreb, Grasshoppers, Young Boys,
    Servette, Neuchatel Xamax, Club Brugge, Standard Liege, Lierse, IFK Gothenburg, Malmo FF, AIK Stockholm,
    Brondby, Rosenborg, Lillestrom, HJK Helsinki, Shakhtar Donetsk, Dynamo Moscow, Lokomotiv Moscow,
    Torpedo Moscow, Alania Vladikavkaz, Rotor Volgograd, Trabzonspor, Maccabi Tel Aviv, Hapoel Tel Aviv,
    Maccabi Haifa, Beitar Jerusalem, Motherwell, Kilmarnock, Partick Thistle, St Johnstone, Raith Rovers,
    Heart of Midlothian, Tranmere, Tranmere Rovers, Port Vale, Crewe Alexandra, Grimsby Town, Oldham Athletic,
    Plymouth Argyle, Leyton Orient, Huddersfield Town, Ipswich Town, Luton Town, Bradford City, Hull City,
    Stoke City, Bristol City, Cardiff City, Swansea City, Stockport County, Notts County,
    Baltimore Orioles, Cleveland Indians, Toronto Blue Jays, Seattle Mariners, Texas Rangers,
    Chicago White Sox, Kansas City Royals, Detroit Tigers, Milwaukee Brewers, Minnesota Twins,
    California Angels, Anaheim Angels, Oakland Athletics, Atlanta Braves, Florida Marlins, Montreal Expos,
    Philadelphia Phillies, Cincinnati Reds, Houston Astros, St Louis Cardinals, St. Louis Cardinals,
    Pittsburgh Pirates, Chicago Cubs, Colorado Rockies, Los Angeles Dodgers, San Diego Padres,
    San Francisco Giants, Orioles, Blue Jays, Mariners, White Sox, Brewers, Braves, Marlins,
    Expos, Phillies, Astros, Cubs, Dodgers, Padres, Red Sox, Mets,
    """
)

#: Wire sports pages (issue 13, ner3): clubs of the English, Scottish, Spanish, Italian, German,
#: French and Dutch leagues and the US major leagues by their full names, the nicknames that name
#: nothing else (``Orioles``, not ``Giants`` or ``Cardinals``) and the forms of standings tables
#: (``NY RANGERS`` is looked up as ``NY Rangers``). A club named after its town alone (``Leeds``,
#: ``Chicago``) is no entry: the words around it decide (:mod:`etl.enrich.entities`).
SPORTS_CLUBS = _names(
    """
    Bristol Rovers, Bristol City, Preston North End, Cambridge United, Oxford United, Colchester United,
    Carlisle United, Hartlepool United, Scunthorpe United, Rotherham United, Peterborough United,
    Southend United, Torquay United, Northampton Town, Swindon Town, Mansfield Town, Shrewsbury Town,
    Wycombe Wanderers, Doncaster Rovers, Brighton and Hove Albion, Millwall, Queen's Park Rangers,
    Sheffield Utd, Lincoln City, Exeter City, York City, Chester City, Hereford United, Leyton Orient,
    Dundee United, Dunfermline Athletic, Hamilton Academical, Airdrieonians, Greenock Morton, St Mirren,
    Stirling Albion, Queen of the South, Ayr United, East Fife, Berwick Rangers, Heart of Midlothian,
    Deportivo Coruna, Deportivo La Coruna, Celta, Real Mallorca, Real Madrid CF, Athletic Club,
    Hellas Verona, Internazionale Milan, Inter Milan, Chievo Verona, AS Roma, SS Lazio,
    Hamburger SV, Karlsruher SC, SC Freiburg, FC Cologne, 1. FC Koeln, FC Koeln, Munich 1860, TSV 1860 Munich,
    Bayer Uerdingen, KFC Uerdingen, Kaiserslautern, FC Kaiserslautern, VfL Wolfsburg, Dynamo Dresden,
    Paris Saint Germain, Paris St-Germain, Olympique Lyon, Olympique Lyonnais, AS Monaco, Girondins Bordeaux,
    AJ Auxerre, FC Nantes, RC Lens, Stade Rennes, AS Cannes, AS Saint-Etienne, Saint-Etienne, St Etienne,
    Roda JC Kerkrade, Willem II Tilburg, FC Twente Enschede, Twente Enschede, FC Groningen, FC Utrecht,
    FC Volendam, Graafschap, AZ Alkmaar, Go Ahead Eagles, Cambuur, Feyenoord Rotterdam,
    Baltimore Orioles, Boston Red Sox, New York Yankees, Toronto Blue Jays, Detroit Tigers, Cleveland Indians,
    Chicago White Sox, Milwaukee Brewers, Minnesota Twins, Kansas City Royals, Texas Rangers, Seattle Mariners,
    Oakland Athletics, California Angels, Anaheim Angels, Los Angeles Angels, Tampa Bay Devil Rays,
    Tampa Bay Rays, Atlanta Braves, Florida Marlins, Miami Marlins, Montreal Expos, New York Mets,
    Philadelphia Phillies, Washington Nationals, Chicago Cubs, Cincinnati Reds, Houston Astros,
    Pittsburgh Pirates, St. Louis Cardinals, St Louis Cardinals, Colorado Rockies, Los Angeles Dodgers,
    San Diego Padres, San Francisco Giants, Arizona Diamondbacks, Devil Rays, Diamondbacks,
    Atlanta Hawks, Boston Celtics, Charlotte Hornets, Chicago Bulls, Cleveland Cavaliers, Dallas Mavericks,
    Denver Nuggets, Detroit Pistons, Golden State Warriors, Houston Rockets, Indiana Pacers,
    Los Angeles Clippers, LA Clippers, L.A. Clippers, Los Angeles Lakers, LA Lakers, L.A. Lakers, Miami Heat,
    Milwaukee Bucks, Minnesota Timberwolves, New Jersey Nets, New York Knicks, Orlando Magic,
    Philadelphia 76ers, Phoenix Suns, Portland Trail Blazers, Sacramento Kings, San Antonio Spurs,
    Seattle SuperSonics, Seattle Supersonics, Toronto Raptors, Utah Jazz, Vancouver Grizzlies,
    Washington Bullets, Washington Wizards, Brooklyn Nets, Memphis Grizzlies, Oklahoma City Thunder,
    Celtics, Hornets, Cavaliers, Mavericks, Nuggets, Pistons, Pacers, Clippers, Knicks, Timberwolves,
    76ers, Trail Blazers, SuperSonics, Sonics, Raptors, Grizzlies,
    Arizona Cardinals, Atlanta Falcons, Baltimore Ravens, Buffalo Bills, Carolina Panthers, Chicago Bears,
    Cincinnati Bengals, Cleveland Browns, Dallas Cowboys, Denver Broncos, Detroit Lions, Green Bay Packers,
    Houston Oilers, Houston Texans, Indianapolis Colts, Jacksonville Jaguars, Kansas City Chiefs,
    Miami Dolphins, Minnesota Vikings, New England Patriots, New Orleans Saints, New York Giants, NY Giants,
    New York Jets, NY Jets, Oakland Raiders, Las Vegas Raiders, Philadelphia Eagles, Pittsburgh Steelers,
    San Diego Chargers, Los Angeles Chargers, San Francisco 49ers, Seattle Seahawks, St. Louis Rams,
    St Louis Rams, Los Angeles Rams, Tampa Bay Buccaneers, Tennessee Titans, Tennessee Oilers,
    Washington Redskins, Falcons, Bengals, Broncos, Packers, Colts, Jaguars, Steelers, Chargers, 49ers,
    Seahawks, Buccaneers, Redskins, Cowboys,
    Anaheim Mighty Ducks, Mighty Ducks, Boston Bruins, Buffalo Sabres, Calgary Flames, Chicago Blackhawks,
    Chicago Black Hawks, Colorado Avalanche, Dallas Stars, Detroit Red Wings, Edmonton Oilers,
    Florida Panthers, Hartford Whalers, Los Angeles Kings, New Jersey Devils, New York Islanders,
    NY Islanders, New York Rangers, NY Rangers, Ottawa Senators, Philadelphia Flyers, Phoenix Coyotes,
    Pittsburgh Penguins, St. Louis Blues, St Louis Blues, San Jose Sharks, Tampa Bay Lightning,
    Vancouver Canucks, Washington Capitals, Winnipeg Jets, Quebec Nordiques, Bruins, Sabres, Blackhawks,
    Red Wings, Canadiens, Maple Leafs, Canucks, Nordiques, Whalers, Coyotes, Lions,
    NY Mets, NY Yankees, NY Knicks, NY Islanders, Major League Baseball, National Basketball Association,
    National Hockey League, National Football League, European Super League, Super League,
    Ferrari, Benetton, McLaren, Ligier, Minardi, Sauber, Tyrrell, Williams-Renault, Jordan-Peugeot
    """
)

#: Wire business and public life (issue 13, ner3): news agencies, central banks, stock exchanges,
#: companies, banks and brokers, airlines, carmakers, oil companies, parties and public bodies that
#: carry no cue word, or whose cue word would cut them (``Monopolies and Mergers Commission``).
WIRE_ORGANISATIONS = _names(
    """
    Kyodo News Agency, Jiji Press, Xinhua News Agency, Anatolian News Agency, PAP,
    CTK, MTI, BTA, Tanjug, KUNA, WAM, Agence France Presse, Zimbabwe Inter-Africa News Agency,
    Ziana, SAPA, Notimex, Prensa Latina, Yonhap News Agency, Central News Agency, CNA, Antara News Agency,
    Bank of Spain, Bank of Portugal, Bank of Greece, Bank of Finland, Bank of Israel, Bank of Thailand,
    Bank of Mexico, Banco de Mexico, Bank of Russia, Central Bank of Russia, Russian Central Bank,
    Nederlandsche Bank, National Bank of Poland, National Bank of Hungary,
    Czech National Bank, Reserve Bank of New Zealand, Reserve Bank of South Africa,
    South African Reserve Bank, Hong Kong Monetary Authority, Monetary Authority of Singapore,
    Bank Negara Malaysia, Bangko Sentral, Banco Central, Bank of Tokyo, Bank of Tokyo-Mitsubishi,
    Sanwa Bank, Fuji Bank, Sumitomo Bank, Dai-Ichi Kangyo Bank, Sakura Bank, Industrial Bank of Japan,
    Amex, American Stock Exchange, New York Stock Exchange, London Stock Exchange, Tokyo Stock Exchange,
    Chicago Board of Trade, Chicago Mercantile Exchange, CBOT, CME, NYMEX, Nymex, COMEX, Comex, LIFFE, Liffe,
    London Metal Exchange, LME, International Petroleum Exchange, IPE, Paris Matif, MATIF,
    Deutsche Boerse, SIMEX, Simex, Nasdaq Stock Market,
    Amoco, Arco, Atlantic Richfield, Conoco, Phillips Petroleum, Occidental Petroleum, Sun Oil, Sunoco,
    Unocal, Marathon Oil, Ashland Oil, Kerr-McGee, Petro-Canada, Imperial Oil, Statoil, Norsk Hydro,
    Petrofina, Repsol, Agip, Neste, OMV, Texaco, Caltex, Petronas, Pertamina, Kuwait Petroleum,
    National Iranian Oil Company, NIOC, Sonatrach, Nigerian National Petroleum Corporation, NNPC,
    Ford Motor Co, Toyota Motor, Nissan Motor, Honda Motor, Mazda, Suzuki, Isuzu, Subaru, Daihatsu,
    Volvo Car, Porsche, Audi, Mercedes-Benz, Rover Group, Skoda,
    Chrysler Corp, Kia, Kia Motors, Proton, Tata, Daewoo Motor, Hyundai Motor, Opel, Vauxhall,
    Delta Air Lines, Northwest Airlines, TWA, USAir, US Airways, Air France, Iberia, SAS,
    Swissair, Austrian Airlines, Finnair, Air India, Pakistan International Airlines, PIA, Thai Airways,
    Garuda, Malaysia Airlines, Philippine Airlines, All Nippon Airways, Ansett, Air New Zealand,
    Aerolineas Argentinas, Varig, Aeromexico, EgyptAir, Royal Jordanian, Saudia, Gulf Air,
    Citibank, Chemical Bank, Bankers Trust, J.P. Morgan & Co, Morgan Grenfell, NatWest Markets,
    Barclays de Zoete Wedd, BZW, Cazenove, Hoare Govett, James Capel, UBS Securities, SBC Warburg,
    Robert Fleming, Jardine Fleming, Peregrine, Nikko Securities, Daiwa Securities, Yamaichi Securities,
    Smith Barney, Lehman, Donaldson Lufkin & Jenrette, DLJ, Prudential Securities, Charles Schwab,
    Fidelity Investments, Lloyds Bank, Lloyds TSB, TSB, Midland Bank, Abbey National,
    Standard Chartered, Royal Bank of Scotland, Bank of Scotland, Allied Irish Banks, Bank of Ireland,
    ABN AMRO, Rabobank, Generale Bank, Kredietbank, Banco Santander, BBV, Banco Bilbao Vizcaya,
    Argentaria, Banesto, BCH, Credito Italiano, Banca Commerciale Italiana, Comit, Mediobanca, IMI,
    Monopolies and Mergers Commission, Securities and Investments Board, Office of Fair Trading,
    Federal Communications Commission, FCC, Federal Deposit Insurance Corp, FDIC, Commodity Futures
    Trading Commission, CFTC, Environmental Protection Agency, Food and Drug Administration,
    Department of Transportation, Transportation Department, Commerce Department, Labor Department,
    Ministry of International Trade and Industry, MITI, Finance Ministry, Trade Ministry, Economy Ministry,
    Bundeskartellamt, Bundesanstalt, Treuhand, Treuhandanstalt, Cabinet Office, Home Office, Foreign Office,
    Treasury Department, Ministry of Finance, Ministry of Defence, Ministry of Defense, Quai d'Orsay,
    AFL-CIO, TUC, Teamsters, United Auto Workers, UAW, IG Metall, CGT, Free Democrats,
    Party of Democratic Socialism, PDS, Gaullist RPR, RPR, UDF, Front National,
    Communist Party of the Russian Federation, Our Home is Russia, Yabloko, LDP, Shinshinto, Janata Dal,
    Meretz, Tzomet, PNV, Herri Batasuna, Partido Popular, Olive Tree, Democratic Party of the Left,
    Refounded Communists, Pheu Thai, DPP, Inkatha, IFP, Zanu, Unita, UNITA, MPLA, Frelimo, Renamo, SPLA,
    PUK, KDP, Patriotic Union of Kurdistan, Kurdistan Democratic Party, Kurdistan Workers Party,
    Kurdistan Workers' Party, Deutsche Morgan Grenfell, MCI, GTE, Ameritech, Nynex, BellSouth, Telmex, Stet, Zeneca,
    Rhone-Poulenc, Bertelsmann, BTR, GEC, Usinor, Viag, AXA, UAP, Fortis, Sanwa, Kmart, Gillette, Anheuser-Busch,
    Carlsberg, Interbrew, Tesco, Ahold, Promodes, McDonnell Douglas, Pacific Telesis, Cable and Wireless,
    British Telecom, SmithKline Beecham, Glaxo Wellcome, Bristol-Myers Squibb, Johnson & Johnson, Procter & Gamble,
    Time Warner, News Corp, British Aerospace, British Gas, British Steel, Munich Re, Chase Manhattan, Chemical Bank,
    Fuji Bank, Dai-Ichi Kangyo, General Electric, Dow Chemical, Philip Morris, RJR Nabisco, Grand Metropolitan,
    Allied Domecq, Marks and Spencer, Marks & Spencer, Sainsbury, Singapore Airlines, All Nippon Airways, United
    Airlines, American Airlines, Delta Air Lines, Northwest Airlines, Continental Airlines, Liberation Tigers of Tamil Eelam, Revolutionary Armed Forces of Colombia,
    National Union for the Total Independence of Angola, Sudan People's Liberation Army, Sudan People's
    Liberation Movement, Zapatista National Liberation Army, Tupac Amaru Revolutionary Movement, Armed Islamic
    Group, Islamic Salvation Front, Ulster Unionist Party, Democratic Unionist Party, SDLP, Social Democratic
    and Labour Party, Korean Central News Agency, KCNA, Federal Reserve Bank of New York, Association of South
    East Asian Nations, Association of Southeast Asian Nations, Organisation of the Islamic Conference,
    Organization for Security and Cooperation in Europe, Organisation for Security and Co-operation in Europe,
    Organisation for Security and Cooperation, Organization for Security and Cooperation,
    Palestine Liberation Organisation, Palestine Liberation Organization, Palestinian Authority,
    Israel Radio, Israel Television, Voice of America, VOA, Radio Free Europe, Radio Liberty,
    World Council of Churches, Interpol, NAFTA, Mercosur, European Free Trade Association, EFTA, Western
    European Union, WEU, Council of Europe, Organisation for Economic Cooperation and Development,
    Organisation for Security and Cooperation in Europe, CIS, Commonwealth of Independent States,
    Organisation of African Unity, OAU, ECOWAS, Ecomog, ECOMOG, SADC, Gulf Cooperation Council, GCC,
    Andean Pact, Caricom, Paris Club, London Club, Group of 77, Non-Aligned Movement, UNRWA, UNCTAD,
    UNDP, UNEP, UNIDO, ILO, International Labour Organisation, Food and Agriculture Organisation,
    International Finance Corporation, IFC, Asian Development Bank, ADB, African Development Bank, AfDB,
    Inter-American Development Bank, IDB, European Bank for Reconstruction and Development, EBRD,
    European Investment Bank, EIB, European Monetary Institute, EMI, Bank for International Settlements,
    BIS, International Energy Agency, IEA, UNPROFOR, IFOR, SFOR, KFOR, UNAMIR, UNOSOM
    """
)

#: English first-class cricket counties: a club next to a score or a result (``Essex 320 for 6``,
#: ``Surrey beat Lancashire``), and then every county of the document is a club; else a place.
COUNTY_CLUBS = _words(
    """
    Derbyshire Durham Essex Glamorgan Gloucestershire Hampshire Kent Lancashire Leicestershire Middlesex
    Northamptonshire Nottinghamshire Somerset Surrey Sussex Warwickshire Worcestershire Yorkshire
    """
)

#: Capitalised words that are never an entity by themselves and break a run's name (wire labels,
#: headline words, months, days, pronouns, sentence openers).
NON_ENTITY_WORDS = _words(
    """
    The A An This That These Those In On At By For From To With Without Of And But Or Nor If When While As
    After Before Since Until Because Although Though However Meanwhile Yet So Then Thus Also Still Such Many
    Most Some Several Both All Each Every No Not Other Another Our Their His Her Its My Your We They He She It I
    You Who What Which Where Why How There Here Please Everyone Nobody Last Next First Second Third Under Over
    Do Does Did Is Are Was Were Be Been Has Have Had Will Would Can Could Should May Might Must Shall Asked Let
    Yes Ok OK Thanks Today Yesterday Tomorrow Tonight Now Only Even Just Like Unlike Despite During Among
    Against Between Within Through Into Onto Upon Around About Above Below Across Along Toward Towards Via Per
    January February March April May June July August September October November December Jan Feb Mar Apr Jun
    Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu
    Thur Thurs Fri Sat Sun Christmas Easter
    NOTE REUTER REUTERS UPDATE UPDATED BREAKING EXCLUSIVE ANALYSIS OPINION EDITORIAL CORRECTION CORRECTED REFILE
    WRAPUP FACTBOX INSIGHT PHOTO PHOTOS VIDEO WATCH LIVE COMMENT REVIEW INTERVIEW FEATURE BACKGROUND SPOTLIGHT
    ECONOMIC TOP NEWS SUMMARY DIARY PREVIEW RESULTS RESULT STANDINGS TABLE SCOREBOARD SPORTS SPORT SOCCER
    TENNIS GOLF CRICKET RUGBY BASKETBALL BASEBALL HOCKEY BOXING CYCLING MOTOR RACING ATHLETICS SKIING
    NEW OLD THE AND OF FOR IN ON AT TO BY WITH FROM AS IS ARE WAS WERE BE NOT NO YES UP DOWN OUT OFF OVER
    SAYS SAID SAY SEES SEE PLAN PLANS DENIES DENY BEATS BEAT WINS WIN LOSE LOSES HITS HIT CUTS CUT RAISES
    RAISE RISES RISE FALLS FALL SETS SET GETS GET TO SOURCES SOURCE OFFICIAL OFFICIALS MARKET MARKETS
    PCT DLRS MLN BLN STG YEN CTS PRICE PRICES SHARE SHARES STOCK STOCKS BOND BONDS RATE RATES OIL GOLD
    FINAL QUARTER HALF YEAR NET PROFIT LOSS SALES REVENUE EARNINGS DIVIDEND QTR SHR REVS AVG
    FIRST SECOND THIRD FOURTH DAY WEEK MONTH
    Shr Shrs Revs Qtr Qtly Qtrly Mthly Avg Oper Div Divs Mln Dlrs Cts Stg Pct Vs
    ICE HORSE ALPINE YACHTING SAILING SWIMMING BADMINTON SQUASH ROWING FENCING JUDO HANDBALL VOLLEYBALL
    FOOTBALL SCORES SCORERS LEADING CHAMPIONSHIP
    I'll I'm I've I'd I’ll I’m I’ve I’d We'll We're We've They're They'll You're You'll It's That's There's
    Don't Can't Won't Didn't Doesn't Isn't Wasn't Let's
    Halftime Half-time HALFTIME Attendance ATTENDANCE Fulltime Full-time
    """
)

#: Demonyms and other adjectives of place and creed: never a person, place or organisation alone
#: (CoNLL calls them MISC); they break a name (``Iraqi Prime Minister ...``).
DEMONYMS = _words(
    """
    Afghan Afghans African Africans Albanian Algerian American Americans Angolan Arab Arabs Arabian Argentine
    Argentinian Armenian Asian Asians Australian Australians Austrian Azerbaijani Azeri Bahraini Balkan
    Bangladeshi Basque Belarusian Belgian Bolivian Bosnian Brazilian British Briton Britons Bulgarian Burmese
    Cambodian Cameroonian Canadian Catalan Chadian Chechen Chilean Chinese Colombian Congolese Croat Croatian
    Cuban Cypriot Czech Danish Dutch Ecuadorean Ecuadorian Egyptian Egyptians Emirati English Eritrean Estonian
    Ethiopian European Europeans Filipino Finnish French Gazan Georgian German Germans Ghanaian Greek Greeks
    Guatemalan Haitian Hindu Hindus Honduran Hungarian Icelandic Indian Indians Indonesian Iranian Iranians
    Iraqi Iraqis Irish Islamic Israeli Israelis Italian Italians Ivorian Jamaican Japanese Jewish Jews
    Jordanian Kazakh Kenyan Korean Koreans Kosovar Kurd Kurdish Kurds Kuwaiti Kyrgyz Laotian Latvian Lebanese
    Liberian Libyan Lithuanian Macedonian Malaysian Malian Maltese Mauritanian Mexican Mexicans Moldovan
    Mongolian Moroccan Mozambican Muslim Muslims Namibian Nepalese Nepali Nigerian Nigerians Nicaraguan North
    Norwegian Pakistani Pakistanis Palestinian Palestinians Panamanian Paraguayan Persian Peruvian Polish
    Portuguese Qatari Romanian Russian Russians Rwandan Salvadoran Saudi Saudis Scottish Scots Senegalese Serb
    Serbs Serbian Shi'ite Shiite Shiites Shia Sikh Singaporean Slovak Slovenian Somali Somalis South Soviet
    Spanish Sri Sudanese Sunni Sunnis Swedish Swiss Syrian Taiwanese Tajik Tamil Tamils Tanzanian Thai Tibetan
    Tunisian Turkish Turkmen Turks Ugandan Ukrainian Uruguayan Uzbek Venezuelan Vietnamese Welsh Western
    Westerners Yemeni Yugoslav Zambian Zimbabwean Christian Christians Catholic Catholics Protestant Protestants
    Orthodox Buddhist Buddhists Jihadist Islamist Islamists Zionist Communist Communists Socialist Maoist Maoists
    Marxist Democrat Republican Liberal Conservative Nationalist Nationalists Baathist Sunni-led Shiite-led
    Kurdish-led Israeli-Palestinian Arab-Israeli Anglo-American Pro-Western Pro-European Eurosceptic Tory
    Labourite Blairite Thatcherite Gaullist Unionist Loyalist Lankan Lankans Zealander Zealanders Rican Ricans
    Swede Swedes Dane Danes Spaniard Spaniards Frenchman Frenchmen Frenchwoman Englishman Englishmen Englishwoman
    Dutchman Dutchmen Irishman Irishmen Welshman Scotsman Scotswoman Turk Aussie Aussies Kiwi Kiwis
    Leonean Leoneans Salvadorean Guinean Guineans Bissauan Herzegovinian Emirian Hutu Hutus Tutsi Tutsis
    Pashtun Pashtuns Uighur Uighurs Uyghur Baluch Kashmiri Kashmiris Shi'ites Alawite Druze
    Philippine Saharan Himalayan Andean Nazi Nazis Hispanic Hispanics Spaniard Spaniards Aussie Aussies Latino
    Latinos Scandinavian Nordic Arabic Persian Flemish Walloon Corsican
    Dagestani Ingush Sindhi Punjabi Abkhaz Ossetian Montenegrin Slovene Belarussian Zairean Zaireans Burundian
    Togolese Beninese Malawian Moslem Moslems Omani Bhutanese Khmer
    """
)

#: One-word place names that are also common words or first names (a town is not read from them alone).
AMBIGUOUS_PLACES = _words(
    """
    David George Jordan Chad Victoria Florence Lincoln Austin Jackson Douglas Hamilton Kent Lawrence Madison
    Marion Monroe Warren Wilson Clinton Franklin Henderson Chester Clay Anderson Brandon Davis Frederick
    Lafayette Orlando Sydney Charlotte Elizabeth Regina Mercedes Carmen Dolores Laura Alexandria Most Metro
    Roman Normal Independence Reading Nice Mobile Bath Eugene Tyler Irving Gary Troy Vernon Mesa Temple Union
    Hope Liberty Shannon Aurora Marathon Chelsea Everton Fulham Wigan Watford Burnley Bolton Derby Leicester
    Sunderland Southampton Portsmouth Middlesbrough Blackburn Preston Crewe Stoke Coventry Norwich Ipswich
    """
)

#: Capitalised words that name a religion, a festival, a storm or an event type: not a person,
#: place or organisation alone (CoNLL's MISC), and they break a run.
MISC_WORDS = _words(
    """
    Islam Christianity Judaism Hinduism Buddhism Ramadan Eid Hajj Christmas Easter Passover Diwali Hanukkah
    Brent Lent Eve Hurricane Typhoon Cyclone Tropical Storm Quran Koran Bible Torah Internet Web Olympics Olympic
    Paralympics Paralympic Nobel Oscar Oscars Grammy Grammys Emmy Emmys Euro Euros Dollar Yen Sterling Ebola
    Nikkei FTSE DAX Hang Seng
    """
)
#: Lower-case tails that make a hyphenated word an adjective, no name (``Serb-held``, ``Indian-born``,
#: ``New York-based``, ``U.S.-led``); Korean given names keep theirs (``Ban Ki-moon``).
COMPOUND_TAILS = _words(
    """
    held controlled born based run backed linked like built majority dominated mediated bound led owned
    made sponsored funded allied occupied ruled style speaking brokered inspired supported administered
    language area hosted winning friendly
    """
)
#: Words that make the name after them a storm or an event: ``Hurricane Katrina`` is no person.
MISC_HEADS = _words("Hurricane Typhoon Cyclone Storm Operation")
#: Lower-case words that make the capitalised words right after them a work's title (``the film Vera
#: Drake``, ``the drama Casualty``): no person, place or organisation anywhere in the document. Each
#: costs a scan of every document (~2 µs on a BBC article), so only the four that carried most titles
#: in BBC 1x (film 19, drama 12, album 11, comedy 8 of 78; also: musical 9, thriller 6, movie 6);
#: the plural too (``films``).
WORK_WORDS = ("film", "drama", "album", "comedy")

#: Words that head a place's name before ``of``: ``Gulf of Mexico``, ``Isle of Man``, ``Bay of Biscay``.
WATER_HEADS = _words("Gulf Bay Sea Strait Straits Isle Isles Cape Lake Sound Firth Horn Mouth")

#: Words that follow a place's name and make a longer place: ``Guantanamo Bay``, ``Gaza City``.
GEO_WORDS = _words(
    """
    Bay Gulf Sea Ocean River Valley Island Islands Province Region District County Strait Straits Peninsula
    Mountains Mountain Hills Lake Lakes Coast Delta Basin Plain Plains Desert Canal Harbour Harbor City
    Heights Highlands Lowlands Territory Territories Governorate Oblast Prefecture State
    """
)

#: Capitalised words that open news sentences and name nothing alone (a learned list of words seen in
#: lower case adds to it): groups of people, quantities, adverbs.
#: Plural nicknames of clubs and franchises (rugby, rugby league, the North American leagues): after a
#: town they make a club's name (``Newcastle Falcons``, ``Sale Sharks``, ``Dallas Cowboys``).
SPORTS_NICKNAMES = _words(
    """
    Sharks Tigers Falcons Saints Bulls Rhinos Warriors Wolves Blues Reds Lions Cheetahs Broncos Giants Bears
    Eagles Hawks Knights Raiders Royals Sabres Seahawks Panthers Packers Pirates Jets Dolphins Bills Chiefs
    Chargers Cowboys Redskins Steelers Oilers Flames Canucks Bruins Canadiens Penguins Flyers Islanders Devils
    Blackhawks Whalers Senators Nordiques Lakers Celtics Knicks Nets Pistons Rockets Spurs Suns Mavericks
    Hornets Bucks Cavaliers Pacers Grizzlies Raptors Timberwolves Supersonics SuperSonics Clippers Yankees Mets
    Orioles Indians Twins Brewers Mariners Angels Braves Marlins Expos Phillies Cubs Cardinals Astros Dodgers
    Padres Rockies Rams Vikings Bengals Browns Colts Jaguars Patriots Titans Buccaneers Ducks Hurricanes
    Coyotes Scarlets Ospreys Dragons Stormers Crusaders Highlanders Brumbies Waratahs Roosters Centurions
    """
)
#: Nouns that open a sentence before a company's name with its suffix, and are no part of it
#: (``Rival Advanced Micro Devices Inc``, ``Brokers Smith New Court Plc``).
ORG_OPENERS = _words(
    "Rival Rivals Broker Brokers Brokerage Unit Subsidiary Parent Chipmaker Carmaker Automaker Insurer Retailer "
    "Lender Shares Sources Partner Competitor Competitors Peer"
)
SENTENCE_OPENERS = _words(
    """
    Officials Authorities Police Troops Soldiers Witnesses Analysts Experts Residents Rescuers Investigators
    Critics Supporters Protesters Demonstrators Militants Insurgents Rebels Gunmen Lawmakers Legislators
    Voters Workers Doctors Scientists Researchers Journalists Reporters Diplomats Leaders Ministers Members
    Hundreds Thousands Dozens Millions Scores Tens Several Some Many Most Few Both Neither Either Earlier Later
    Meanwhile Separately Elsewhere Also Instead Still Already Currently Recently Previously Initially Finally
    Overall Nearly Almost About Around Roughly Only Just Even Yet Although Despite Following According
    Central Federal National Regional Local Congressional Parliamentary Presidential Military Government
    Embassy Ministry Security Health Human Humanitarian Aid Relief Opposition Talks Relations Tensions
    Violence Fighting Clashes Attacks Bombings Elections Voting Results Reports Prices Shares Markets Sales
    Profits Exports Imports Oil Gas Gold Investors Traders Dealers Economists Companies Banks Firms Unions
    Negotiators Mediators Observers Monitors Peacekeepers Refugees Survivors Victims Families Relatives
    Children Women Men People Students Teachers Farmers Fishermen Villagers Citizens Civilians Prisoners
    Detainees Suspects Hostages Pilgrims Worshippers Tourists Visitors Fans Players Teams Clubs Coaches
    Sources Spokesmen Officers Commanders Generals Agents Guards Firefighters Paramedics Nurses Patients
    Bird Bowlers Batsmen Radical Hardline Hardliners Moderate Moderates Weather Forecasters Rescue Emergency
    Stocks Equities Futures Currencies Commodities Grain Grains Wheat Corn Maize Soybean Soybeans Soymeal
    Coffee Cocoa Rubber Copper Aluminium Aluminum Nickel Zinc Crude Petrol Gasoline Diesel Fuel Truck Trucks
    Truckers Drivers Motorists Output Production Inflation Unemployment Trading Volume Demand Supply Growth
    Spending Lending Borrowing Yields Tariffs Taxes Wages Stockpiles Inventories Shipments Deliveries Harvest
    Net Turnover
    """
)

#: Lower-case words before a name that mark a person (``manager Kenny Dalglish``).
ROLE_WORDS = _words(
    """
    chairman chairwoman president minister manager coach spokesman spokeswoman spokesperson secretary
    director economist analyst executive leader official ambassador envoy governor mayor senator general
    commander striker midfielder defender goalkeeper captain counterpart colleague wife husband son daughter
    brother sister father mother widow candidate lawyer attorney judge prosecutor premier chancellor
    strategist dealer trader chief founder owner head negotiator mediator adviser advisor aide deputy
    correspondent editor writer author singer actor actress player champion winner rival opponent
    referee umpire promoter trainer jockey
    """
)
#: Sports roles: before a name they mark a person as the other role words do; after a town they make
#: it a club (``Newcastle manager Kevin Keegan``, ``Essex captain Paul Prichard``).
SPORTS_ROLE_WORDS = _words(
    "manager coach striker midfielder defender goalkeeper keeper captain skipper batsman bowler "
    "lock prop flanker scrum-half fly-half full-back fullback winger wicketkeeper wicket-keeper all-rounder "
    "spinner paceman seamer pitcher quarterback shortstop playmaker"
)
#: Lower-case nouns after a name that make it a place: ``Helmand province``.
PLACE_NOUNS = _words(
    """
    province provinces district region county state city town village valley river area border capital
    island islands peninsula governorate prefecture checkpoint
    """
)
#: Result words next to a town that make it a club: ``Liverpool beat Everton``, ``v Leeds``.
RESULT_WORDS = _words("beat beats drew draw draws lost lose loses v vs thrashed defeated edged routed hammered held")
#: The words before or after a capitalised run that the rules and the model see (anything else is ``*``;
#: a number is ``#``).
#: Verbs of saying next to a name: ``said Juergen Kessel``.
SAID_WORDS = _words("said says told added reports reported wrote asked explained")
#: Other words before or after a capitalised run that the model sees as themselves. The rules and the
#: model read classes (etl.enrich.entities.CONTEXT_MAP): ``role``, ``role,``, ``coach``, ``coach,``,
#: ``said``, ``place``, ``result``, ``in``, a punctuation mark, ``#`` for a number, ``*`` for any other word.
CONTEXT_WORDS = _words(
    """
    won at from to of by with for on into against over the a an and or but his her their its mr mrs ms dr
    """
)

#: Names of events, eras and feasts that are no person, place or organisation (CoNLL's MISC).
MISC_PHRASES = frozenset(_names(
    """
    New Year, New Year's Day, Olympic Games, World Cup, Nobel Peace Prize, Nobel Prize, Holocaust, Cold War,
    World War, Gulf War, Iraq War, Vietnam War, Middle Ages, Grand Prix, Super Bowl, World Series, Tour de France,
    Champions League, Premier League, Davis Cup, Ryder Cup, Commonwealth Games, Asian Games, Grand Slam,
    Six Nations, World Championships, Lord of the Rings, Harry Potter, Big Brother, Live Aid, Band Aid,
    Industrial Average, Transportation Average, Utilities Average, Composite Index, UEFA Cup, Cup Winners' Cup,
    Giro d'Italia, Tour of Spain, Tour of Italy, European Cup, African Nations Cup, Asian Cup
    """
))
#: Last words that make an unknown name a place: ``Canary Islands``, ``Swat Valley``.
PLACE_ENDINGS = _words(
    """
    Island Islands Bay Gulf Sea Ocean River Valley Mountains Mountain Hills Lake Peninsula Province Region
    District Strait Straits Desert Delta Basin Coast Canal Archipelago Plateau Highlands Heights Oblast
    Governorate Prefecture Territory Territories
    """
)
