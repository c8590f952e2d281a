"""Given names by naming tradition and sex, most frequent first.

Our own lists, written for the generator; the order approximates published popularity
(ONS baby-name rankings for England and Wales for the British lists, community naming
patterns for the others). Weights are derived from rank (see `names.py`).
British names are split by birth cohort so that a 70-year-old is not called Nevaeh.
"""

from __future__ import annotations

GIVEN_NAMES: dict[tuple[str, str], str] = {
    ("british_modern", "M"): """
        Noah Oliver George Leo Arthur Oscar Theo Freddie Henry Archie Jack Alfie Charlie Finley
        Jacob Thomas Harry Lucas Isaac Tommy Teddy Albie Arlo Joshua Edward James William Max
        Reggie Ronnie Hugo Jude Rory Elijah Louie Ezra Sonny Riley Roman Harrison Joseph Daniel
        Jaxon Samuel Ethan Dylan Alexander Benjamin Mason Toby Logan Reuben Jenson Jasper Frankie
        Milo Ollie Harvey Stanley Alfred Ralph Louis Bobby Albert Finn Jackson Carter Elliot
        Caleb Hunter Felix Otis Grayson Ellis Luke Michael Zachary Kai Matthew Gabriel Tyler Ryan
        Nathan Callum Connor Jake Kieran Lewis Liam Aaron Ben Adam Owen Bradley Jamie Cameron Kyle
        Declan Aiden Rhys Morgan Ewan Luca Blake Sebastian Nathaniel Ashton Brandon Corey Reece
        Spencer Frederick Austin Leon Robert Jayden Charles Tobias Ezekiel Rowan Cooper Dexter
        """,
    ("british_modern", "F"): """
        Olivia Amelia Isla Lily Ava Freya Ivy Florence Willow Isabella Mia Sophia Evie Poppy
        Grace Ella Elsie Sienna Emily Rosie Harper Matilda Daisy Isabelle Charlotte Millie Evelyn
        Phoebe Sophie Ruby Aria Esme Maisie Hallie Bonnie Delilah Luna Ada Alice Eliza Arabella
        Imogen Lottie Maya Thea Penelope Violet Margot Orla Emilia Harriet Chloe Jessica Hannah
        Lucy Megan Holly Katie Lauren Abigail Leah Bethany Amy Ellie Georgia Molly Scarlett
        Jasmine Erin Eleanor Paige Rebecca Niamh Caitlin Courtney Shannon Lydia Zoe Beatrice
        Maddison Layla Summer Darcie Heidi Nancy Robyn Libby Kayla Aimee Amber Tia Demi Jade
        Kelsey Nicole Rachel Sarah Laura Natalie Victoria Eva Mila Aurora Rose Elizabeth Hollie
        Madison Tilly Martha Mollie Zara Edith Mabel Lola Nevaeh Annabelle Bella Pippa
        """,
    ("british_mid", "M"): """
        Daniel James Thomas Matthew Christopher David Michael Andrew Jonathan Richard Mark Paul
        Robert Steven Craig Lee Ryan Adam Luke Jamie Ben Scott Stuart Darren Wayne Gareth Simon
        Martin Neil Kevin Jason Carl Dean Gary Anthony Stephen Joseph Samuel Liam Jack Joshua
        Callum Kieran Sean Nathan Jordan Aaron Jake Connor Tom Alex Ashley Marc Shaun Danny Ross
        Gavin Philip Peter Ian Kyle Dale Ricky Russell Glen Karl Nicholas Alan John William
        Edward Aidan Lewis Bradley Jonathon Damien Warren
        """,
    ("british_mid", "F"): """
        Sarah Emma Laura Rebecca Gemma Claire Nicola Kelly Lisa Joanne Amy Jessica Hannah
        Charlotte Lauren Sophie Katie Rachel Jennifer Stacey Danielle Samantha Natalie Victoria
        Louise Kerry Michelle Hayley Zoe Leanne Amanda Donna Helen Karen Tracey Julie Elizabeth
        Catherine Katherine Lucy Holly Megan Chloe Jade Kirsty Carly Jodie Vicky Kimberley
        Alison Anna Jenny Naomi Stephanie Kate Abigail Bethany Georgia Shannon Amber Sian Jemma
        Lindsey Emily Kayleigh Toni Sharon Caroline Victoria Heather Lyndsey Fiona Gillian
        """,
    ("british_older", "M"): """
        John David Michael Peter Robert Paul Alan Brian Kenneth Keith Ronald Derek Colin Roy
        Barry Stephen Anthony Christopher Richard Raymond Geoffrey Trevor Graham Malcolm Terence
        Dennis Norman Leslie Frank Arthur Albert Harold George William Frederick Ernest Stanley
        Walter Eric Gordon Douglas Clive Martin Philip Roger Ian Nigel Gary Kevin Mark Andrew
        Steven Neil Edward Thomas James Jim Donald Cyril Bernard Maurice Gerald Ronnie
        """,
    ("british_older", "F"): """
        Margaret Susan Patricia Christine Linda Elizabeth Mary Janet Carol Sandra Barbara Jean
        Ann Anne Pauline Brenda Valerie Joan Sheila Maureen Kathleen Dorothy Doreen Irene Joyce
        Jacqueline Elaine Gillian Wendy Lesley Julie Karen Deborah Alison Jane Sharon Tracey
        Lynn Diane Judith Eileen Hazel Marion Shirley Jennifer Angela Helen Yvonne Denise Carole
        Beryl Gwendoline Sylvia Rita Vera Joyce Edna Audrey Marjorie Phyllis Gladys Betty Elsie
        """,
    ("irish", "M"): """
        Sean Patrick Conor Cian Oisin Darragh Eoin Ciaran Padraig Liam Declan Niall Ronan Fintan
        Cathal Colm Ruairi Tadhg Donal Kieran Michael John Martin Brendan Gerard Dermot Shane
        """,
    ("irish", "F"): """
        Aoife Niamh Siobhan Ciara Roisin Sinead Orla Caoimhe Saoirse Clodagh Aisling Grainne
        Maeve Mairead Bridget Eileen Mary Kathleen Deirdre Fiona Nora Erin Shauna Aine Brigid
        """,
    ("polish", "M"): """
        Jakub Kacper Szymon Filip Jan Antoni Mikołaj Wojciech Adam Michał Bartosz Mateusz Piotr
        Tomasz Paweł Krzysztof Łukasz Marcin Dawid Kamil Oskar Aleksander Stanisław Igor Marek
        Grzegorz Rafał Andrzej Dominik Patryk Sebastian Damian
        """,
    ("polish", "F"): """
        Zuzanna Julia Zofia Hanna Maja Lena Alicja Oliwia Amelia Wiktoria Natalia Aleksandra
        Maria Anna Katarzyna Magdalena Agnieszka Joanna Monika Karolina Ewa Justyna Marta
        Paulina Dorota Małgorzata Barbara Weronika Gabriela Nikola Kinga
        """,
    ("romanian", "M"): """
        Andrei Alexandru Ionuț Mihai Ștefan Gabriel Florin Adrian Daniel Cristian Marius Bogdan
        Vlad Sorin Constantin Nicolae Gheorghe Darius David Luca Razvan Catalin
        """,
    ("romanian", "F"): """
        Maria Elena Ioana Andreea Alexandra Ana Gabriela Mihaela Cristina Daniela Florentina
        Roxana Bianca Denisa Alina Larisa Raluca Sofia Iulia Diana Ramona
        """,
    ("lithuanian", "M"): """
        Lukas Matas Jokūbas Dominykas Nojus Tomas Mantas Darius Paulius Andrius Rokas Karolis
        Mindaugas Justas Vytautas
        """,
    ("lithuanian", "F"): """
        Emilija Gabija Austėja Ugnė Lėja Kamilė Rūta Agnė Eglė Greta Ieva Aistė Jurgita Simona
        Vaida
        """,
    ("southern_european", "M"): """
        Rodrigo Tiago João Francisco Marco Luca Matteo Giuseppe Alessandro Pablo Javier Diego
        Nikolaos Dimitrios Miguel Pedro Carlos Antonio
        """,
    ("southern_european", "F"): """
        Beatriz Inês Mariana Ana Sofia Giulia Chiara Francesca Lucía Carmen Paula Eleni Maria
        Catarina Joana Rita
        """,
    ("roma", "M"): "Ionel Marian Florin Costel Nicu Remus Gheorghe Vasile Dominik Patrik Marek",
    ("roma", "F"): "Florica Mirela Lenuța Ramona Narcisa Denisa Nikola Simona Veronika Margareta",
    ("indian", "M"): """
        Arjun Rohan Aarav Krish Dev Vihaan Ishaan Aryan Rahul Amit Sanjay Raj Vikram Nikhil
        Jaspreet Gurpreet Harpreet Manpreet Harjit Kulwinder Ravi Anil Suresh Ramesh Pradeep
        Deepak Rajesh Mahesh Jay Neil Sunil Ajay
        """,
    ("indian", "F"): """
        Priya Ananya Diya Anika Isha Kavya Saanvi Riya Simran Harleen Navdeep Gurleen Amandeep
        Pooja Neha Sunita Anita Meena Kiran Asha Nisha Shreya Tara Leela Radhika Sonia Rupinder
        Parminder Jasleen
        """,
    ("pakistani", "M"): """
        Muhammad Mohammed Ali Hamza Ibrahim Yusuf Zain Ayaan Rayyan Musa Abdullah Ahmed Hassan
        Hussain Bilal Imran Asif Tariq Zubair Faisal Usman Adnan Kamran Shahid Naveed Rizwan
        Waqas Arslan Omar Haris Zakariya Idris
        """,
    ("pakistani", "F"): """
        Aisha Fatima Maryam Zainab Hafsa Khadija Amina Inaya Eshal Hoorain Zara Sana Ayesha
        Samina Nasreen Shazia Rubina Farzana Nadia Saima Bushra Naila Iqra Mehwish Sadia Alisha
        """,
    ("bangladeshi", "M"): """
        Mohammed Abdul Rahman Shahid Jamal Kamal Mizanur Rahim Sayem Tanvir Rafiq Sabbir Nazmul
        Ayaan Ismail Yahya Zakaria Arif Shamim Habib Raihan
        """,
    ("bangladeshi", "F"): """
        Fatema Nusrat Sumaiya Tasnim Sadia Jannat Rumana Shirin Taslima Hafsa Maryam Ayesha
        Nadia Farhana Sultana Rokeya Salma Afsana Tahmina
        """,
    ("other_asian", "M"): """
        Arun Thivakar Kajan Sanjeev Prakash Bikash Suman Niroshan Roel Jose Mark Ahmad Bilal
        Farid Rohit Dinesh
        """,
    ("other_asian", "F"): """
        Thusha Nirosha Kavitha Sita Anjali Gita Maricel Jasmine Rhea Angelica Parisa Mariam
        Sunita Lakshmi
        """,
    ("caribbean", "M"): """
        Tyrone Jermaine Marcus Andre Winston Leon Delroy Devon Darnell Shaquille Jerome Trevor
        Errol Clive Lloyd Nathaniel Isaiah Malachi Josiah Elijah Jayden Kai Tyrese Reggie Kemar
        Dwayne
        """,
    ("caribbean", "F"): """
        Shanice Tanisha Keisha Chantelle Marcia Paulette Jasmine Aaliyah Jada Nia Kiara Tiana
        Shantelle Natasha Beverley Yvonne Monique Simone Jamila Imani Tianna Denise
        """,
    ("west_african", "M"): """
        Oluwaseun Chinedu Emeka Tunde Adebayo Olumide Chukwuemeka Kwame Kofi Kwabena Yaw Femi
        Dapo Tobi Daniel David Samuel Emmanuel Joshua Victor Ayomide Olamide Jayden Nathaniel
        Obinna Ikenna
        """,
    ("west_african", "F"): """
        Chioma Ngozi Adaeze Folake Funmilayo Bukola Temitope Oluwatoyin Ama Akosua Abena Efua
        Esther Blessing Grace Favour Precious Deborah Comfort Joy Adeola Ifeoma Amara Tolu
        """,
    ("somali", "M"): """
        Abdirahman Abdullahi Mohamed Ahmed Ismail Omar Yusuf Hassan Abdi Farah Mahad Liban Khalid
        Abdikarim
        """,
    ("somali", "F"): """
        Hodan Sahra Fadumo Ayaan Hibo Ifrah Nimco Sagal Ubah Asha Yasmin Maryan Hawa Ikran
        """,
    ("east_african", "M"): """
        Tendai Tatenda Farai Tafadzwa Brian Kevin Moses Peter Joseph Jean Patrick Blessing
        Tinashe Kudzai
        """,
    ("east_african", "F"): """
        Rutendo Nyasha Chipo Tsitsi Wanjiru Achieng Faith Mercy Esther Grace Ruth Divine Tariro
        """,
    ("chinese", "M"): """
        Wei Jun Hao Ming Jian Lei Yang Kai Ethan Jason Daniel Ryan Alan Kevin Tony Yu Zhi Jia
        Tian Ka
        """,
    ("chinese", "F"): """
        Mei Ling Xin Yan Hui Jing Yi Xiao Lily Grace Amy Vivian Jenny Michelle Cindy Wing Yuet
        Hoi Qian
        """,
    ("arab", "M"): """
        Mohammed Ahmad Omar Ali Youssef Khaled Hamza Ibrahim Mustafa Karim Samir Tarek Bilal Adam
        Zaid Rami Hassan Amir Faisal Majid
        """,
    ("arab", "F"): """
        Fatima Mariam Layla Noor Yasmin Sara Huda Rania Salma Amal Dina Lina Reem Hana Aya Zainab
        Nour Leila
        """,
    ("turkish", "M"): "Mehmet Mustafa Ahmet Emre Yusuf Can Burak Deniz Kerem Baran Serhat Ömer",
    ("turkish", "F"): "Elif Zeynep Ayşe Fatma Merve Defne Esra Büşra Derya Rojda Melek",
}
